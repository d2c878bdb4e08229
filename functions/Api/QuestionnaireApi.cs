using System.Text.Json;
using Azure;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Net.Http.Headers;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Questionnaires;
using SupplierAssessment.Functions.Hosting;
using SupplierAssessment.Functions.Stages;
using AuditStore = SupplierAssessment.Adapters.Storage.AuditTrail;

namespace SupplierAssessment.Functions.Api;

/// <summary>
/// The body of <c>PATCH …/answers</c> (for the API's description; the function reads it itself, refusing a key given
/// twice): each question id with its answer — a whole number 0 to 5 for a scale, an option id for a choice, text, or
/// <c>{ "notApplicable": "why" }</c> where the question admits it — or null to clear it.
/// </summary>
public sealed record SaveAnswersRequest(IReadOnlyDictionary<string, System.Text.Json.JsonElement>? Answers);

/// <summary>
/// What the supplier's API shares with the supplier's pages: the evidence limits, opening an assessment by its
/// personal link, and the ETag as clients see it.
/// </summary>
public static class QuestionnaireApi
{
    /// <summary>The largest evidence file accepted: 10 MiB.</summary>
    public const long MaxEvidenceBytes = RequestLimits.MaxEvidenceBytes;

    /// <summary>Evidence types accepted, by extension: documents and images only, never anything executable or HTML.</summary>
    public static readonly IReadOnlyDictionary<string, string> EvidenceTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = "application/pdf",
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".txt"] = "text/plain",
        [".csv"] = "text/csv",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    };

    /// <summary>The longest evidence file name accepted, in characters.</summary>
    public const int MaxEvidenceNameLength = 200;

    /// <summary>
    /// The one rule for an evidence file, for the API and the page alike: what is wrong with it (and the status the API
    /// answers: 413 for a file over <see cref="MaxEvidenceBytes"/>, else 400), or null with its content type when it
    /// is accepted. A file is a document or an image by extension (<see cref="EvidenceTypes"/>), not empty, its name
    /// 1 to <see cref="MaxEvidenceNameLength"/> characters with no hidden character (<see cref="Names"/>).
    /// </summary>
    public static (LocalizedText Message, int Status)? EvidenceProblem(IFormFile? file, string fileName, out string contentType)
    {
        contentType = "";
        const long megabytes = MaxEvidenceBytes / 1024 / 1024;
        if (file is null || file.Length == 0)
        {
            return (new("Choose a file to attach.", "Choisissez un fichier à joindre."), StatusCodes.Status400BadRequest);
        }
        if (file.Length > MaxEvidenceBytes)
        {
            return (new($"The file is larger than the {megabytes} MB accepted.", $"Le fichier dépasse les {megabytes} Mo acceptés."), StatusCodes.Status413PayloadTooLarge);
        }
        if (fileName.Length > MaxEvidenceNameLength)
        {
            return (new($"The file's name is {fileName.Length} characters long; rename it to at most {MaxEvidenceNameLength}.",
                $"Le nom du fichier compte {fileName.Length} caractères ; renommez-le en {MaxEvidenceNameLength} au plus."), StatusCodes.Status400BadRequest);
        }
        if (fileName.Length == 0 || !EvidenceTypes.TryGetValue(Path.GetExtension(fileName), out var type))
        {
            var types = string.Join(", ", EvidenceTypes.Keys);
            return (new($"Attach a document or an image: {types}.", $"Joignez un document ou une image : {types}."), StatusCodes.Status400BadRequest);
        }
        if (!Names.IsShowable(fileName))
        {
            return (Names.HiddenCharacters, StatusCodes.Status400BadRequest);
        }
        contentType = type;
        return null;
    }

    /// <summary>
    /// The assessment and its questionnaire template behind a personal link, or null when the link is malformed,
    /// unknown, expired or revoked. One point read: the token names the assessment, the secret must match its stored hash.
    /// </summary>
    internal static async Task<(StoredAssessment Stored, QuestionnaireTemplate Template)?> OpenAsync(
        string token, AssessmentStore assessments, TimeProvider time, CancellationToken ct)
    {
        if (!SupplierLink.TryParse(token, out var link)
            || await assessments.FindAsync(link.ProcurementId, link.AssessmentId, ct) is not { } stored
            || !stored.Assessment.Admits(link, time.GetUtcNow())
            || ShippedData.Template(stored.Assessment.TemplateKey) is not { } template)
        {
            return null;
        }
        return (stored, template);
    }

    /// <summary>428 without If-Match, 412 when it is not the stored version: no save ever silently wins.</summary>
    internal static IResult? Precondition(HttpRequest request, StoredAssessment stored)
    {
        var ifMatch = request.Headers[HeaderNames.IfMatch].ToString();
        if (ifMatch.Length == 0)
        {
            return Results.Problem(statusCode: 428, title: "Send the ETag of the answers you last loaded in an If-Match header.");
        }
        if (ifMatch.Trim() == "*")
        {
            // "Any version" would overwrite what was saved meanwhile unseen: the point of If-Match here is to prevent that.
            return Results.Problem(statusCode: 428, title: "If-Match: * is not accepted: send the ETag of the answers you last loaded (GET the questionnaire).");
        }
        return ETags.Matches(ifMatch, stored.ETag)
            ? null
            : Problems.Stale("The questionnaire was changed elsewhere since you opened it. Reload to see the latest answers, then save again.");
    }
}

/// <summary>
/// The supplier's API, reached only through the personal link's token (no sign-in). Saves and submit need the ETag
/// of the version the supplier last saw (If-Match): without it a 428, a stale one a 412, and nothing is overwritten.
/// A change the state no longer allows (<see cref="WorkflowException"/>) is a 409 (<see cref="ProblemMiddleware"/>).
/// </summary>
public sealed class QuestionnaireFunctions(AssessmentStore assessments, EvidenceStore evidence, StageQueues queues, AuditStore audit, TimeProvider time)
{
    /// <summary>
    /// <c>GET /api/questionnaires/{token}[?lang=fr]</c>: the questionnaire in one language (default English) with the
    /// answers so far; its ETag header is the version to send back in If-Match. Never cached. 400 for a <c>lang</c>
    /// other than en or fr (<see cref="ApiQuery"/>).
    /// </summary>
    [Function(nameof(GetQuestionnaire))]
    [QueryParameter("lang", "The questionnaire's language; left out: English", "en", "fr")]
    [ProducesResponseType<QuestionnaireView>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> GetQuestionnaire(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/questionnaires/{token}")] HttpRequest request, string token, CancellationToken ct)
    {
        var (_, lang, problem) = ApiQuery.Read(request);
        if (problem is not null)
        {
            return problem;
        }
        if (await QuestionnaireApi.OpenAsync(token, assessments, time, ct) is not var (stored, template))
        {
            return Problems.BadLink();
        }
        request.HttpContext.Response.Headers.ETag = ETags.ForClient(stored.ETag);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return Results.Ok(QuestionnaireView.From(stored.Assessment, template, lang ?? "en"));
    }

    /// <summary>
    /// <c>PATCH …/answers</c> with <c>{ "answers": { "&lt;question id&gt;": value or null } }</c> and If-Match: saves the
    /// valid changes all together or none (400 naming each invalid answer); answers <c>{ savedAt, state, progressPercent }</c>
    /// with the new ETag. Over 256 KiB a 413. All or nothing on purpose (issue 12 asks partial saves of the page only): an
    /// API client gets one clear 400 naming the bad answer and its ETag stays the stored version, so it can correct and
    /// resend. A text's line breaks count one character each (CRLF is stored as LF, <see cref="AnswerValidation.NormalizeText"/>).
    /// </summary>
    [Function(nameof(SaveAnswers))]
    [ReadsIfMatch]
    [Consumes(typeof(SaveAnswersRequest), "application/json")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status428PreconditionRequired, "application/problem+json")]
    public async Task<IResult> SaveAnswers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "api/questionnaires/{token}/answers")] HttpRequest request, string token, CancellationToken ct)
    {
        if (await QuestionnaireApi.OpenAsync(token, assessments, time, ct) is not var (stored, template))
        {
            return Problems.BadLink();
        }
        if (QuestionnaireApi.Precondition(request, stored) is { } failed)
        {
            return failed;
        }
        var errors = new SortedDictionary<string, string[]>(StringComparer.Ordinal);
        using var body = await JsonBody.ReadAsync(request, errors, ct);
        if (body is null)
        {
            return Problems.Invalid(errors, "Nothing was saved: the request body is not readable.");
        }
        if (!body.RootElement.TryGetProperty("answers", out var answersJson) || answersJson.ValueKind != JsonValueKind.Object)
        {
            return Problems.Invalid("answers", "Send { \"answers\": { \"<question id>\": <value or null> } }.");
        }
        var values = answersJson.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
        var changes = AnswerValidation.Read(template, values, errors);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "Nothing was saved: some answers are not valid.");
        }
        var wasInvited = stored.Assessment.State == AssessmentState.Invited;
        stored.Assessment.SaveAnswers(changes);
        var etag = await assessments.SaveAsync(stored.Assessment, stored.OwnerId, stored.ETag, ct,
            audit: wasInvited ? audit.Note(stored.Assessment.ProcurementId, "supplier", "answering started", stored.Assessment.Id) : null);
        request.HttpContext.Response.Headers.ETag = ETags.ForClient(etag);
        return Results.Ok(new { savedAt = time.GetUtcNow(), state = stored.Assessment.State.ToId(), progressPercent = stored.Assessment.ProgressPercent(template) });
    }

    /// <summary>
    /// <c>POST …/evidence/{questionId}</c>, multipart/form-data with the file in field <c>file</c>: one of
    /// <see cref="QuestionnaireApi.EvidenceTypes"/>, at most <see cref="QuestionnaireApi.MaxEvidenceBytes"/> (else 413),
    /// attached to an evidence question. 201 <c>{ id, fileName, contentType, size }</c> with the new ETag. A question
    /// holds at most <see cref="Assessment.MaxEvidenceFilesPerQuestion"/> files: one more is a 409 saying so, checked
    /// before the file is stored; a file refused after it was stored is deleted again (no orphan blob).
    /// </summary>
    [Function(nameof(UploadEvidence))]
    [Consumes("multipart/form-data")]
    [ProducesResponseType(StatusCodes.Status201Created)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status413PayloadTooLarge, "application/problem+json")]
    [RequestBodyLimit(RequestLimits.MaxEvidenceUpload)]
    public async Task<IResult> UploadEvidence(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/questionnaires/{token}/evidence/{questionId}")] HttpRequest request,
        string token, string questionId, CancellationToken ct)
    {
        if (await QuestionnaireApi.OpenAsync(token, assessments, time, ct) is not var (stored, template))
        {
            return Problems.BadLink();
        }
        if (!template.TryGetQuestion(questionId, out var question) || question.Kind != QuestionKind.Evidence)
        {
            return Problems.Invalid(questionId, $"'{questionId}' is not an evidence question of this questionnaire.");
        }
        if (!request.HasFormContentType)
        {
            return Problems.Invalid("file", "Send the file as multipart/form-data in a field named 'file'.");
        }
        var form = await FormBody.ReadAsync(request, ct);
        if (form.Files.Count > 1) // a second part under any name would be dropped unseen (a fresh-user trial)
        {
            return Problems.Invalid("file", "Send one file per request: each upload attaches one file.");
        }
        var file = form.Files.GetFile("file");
        var fileName = Path.GetFileName(file?.FileName ?? "");
        var refused = QuestionnaireApi.EvidenceProblem(file, fileName, out var contentType);
        if (refused is { } problem)
        {
            return problem.Status == StatusCodes.Status413PayloadTooLarge
                ? Results.Problem(statusCode: problem.Status, title: problem.Message.En)
                : Problems.Invalid("file", problem.Message.En);
        }
        var accepted = file!; // EvidenceProblem refuses a missing file
        if (stored.Assessment.EvidenceLimitProblem(questionId) is { } full)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: full); // before the file is stored: no orphan
        }
        var fileId = Ids.New();
        await using (var content = accepted.OpenReadStream())
        {
            await evidence.SaveAsync(stored.Assessment.ProcurementId, stored.Assessment.Id, fileId, content, contentType, fileName, ct);
        }
        ETag etag;
        try
        {
            stored.Assessment.AttachEvidence(questionId, new EvidenceFile(fileId, fileName, contentType, accepted.Length));
            etag = await assessments.SaveAsync(stored.Assessment, stored.OwnerId, stored.ETag, ct);
        }
        catch
        {
            // Refused after the file was stored (a newer version, a full row, an outage): the file is not kept either.
            await evidence.DeleteAsync(stored.Assessment.ProcurementId, stored.Assessment.Id, fileId);
            throw;
        }
        request.HttpContext.Response.Headers.ETag = ETags.ForClient(etag);
        return Results.Created((string?)null, new { id = fileId, fileName, contentType, size = accepted.Length });
    }

    /// <summary>
    /// <c>POST …/submit</c> with If-Match: final. 400 listing the required questions still unanswered; else 202
    /// <c>{ state, submittedAt }</c> and the assessment goes to scoring (queue <see cref="StageQueues.Submitted"/>).
    /// </summary>
    [Function(nameof(SubmitQuestionnaire))]
    [ReadsIfMatch]
    [ProducesResponseType(StatusCodes.Status202Accepted)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status428PreconditionRequired, "application/problem+json")]
    public async Task<IResult> SubmitQuestionnaire(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/questionnaires/{token}/submit")] HttpRequest request, string token, CancellationToken ct)
    {
        if (await QuestionnaireApi.OpenAsync(token, assessments, time, ct) is not var (stored, template))
        {
            return Problems.BadLink();
        }
        // Already submitted answers 409 whatever If-Match says: a retry, or the loser of two submits at once, learns that
        // the questionnaire is in, not that it "changed elsewhere".
        if (stored.Assessment.State.IsOpenForAnswers() && QuestionnaireApi.Precondition(request, stored) is { } failed)
        {
            return failed;
        }
        IDictionary<string, string[]> missing;
        try
        {
            missing = stored.Assessment.Submit(template, time.GetUtcNow());
        }
        catch (WorkflowException)
        {
            // Submitted before: if that submission's follow-up was lost, this retry sends it again (still a 409).
            await queues.DispatchUnsettledAsync(stored.Assessment.ProcurementId, stored.Assessment.Id, ct);
            throw;
        }
        if (missing.Count > 0)
        {
            return Problems.Invalid(missing, missing.Count == 1
                ? "Not submitted: 1 required question still needs an answer."
                : $"Not submitted: {missing.Count} required questions still need an answer.");
        }
        var scoring = queues.FollowUp(StageQueues.Submitted, new StageMessage(stored.Assessment.ProcurementId, stored.Assessment.Id));
        try
        {
            await assessments.SaveAsync(stored.Assessment, stored.OwnerId, stored.ETag, ct, followUp: scoring,
                audit: audit.Note(stored.Assessment.ProcurementId, "supplier", "submitted", stored.Assessment.Id));
        }
        catch (StaleWriteException)
        {
            if (await assessments.FindAsync(stored.Assessment.ProcurementId, stored.Assessment.Id, ct) is { } now && !now.Assessment.State.IsOpenForAnswers())
            {
                throw new WorkflowException(now.Assessment.AlreadyClosed); // submitted at the same moment
            }
            throw;
        }
        await queues.DispatchAsync(scoring, ct);
        return Results.Accepted((string?)null, new { state = stored.Assessment.State.ToId(), submittedAt = stored.Assessment.SubmittedAt });
    }
}
