using System.Text.Json;
using Azure;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Questionnaires;
using SupplierAssessment.Functions.Hosting;
using SupplierAssessment.Functions.Stages;

namespace SupplierAssessment.Functions.Api;

/// <summary>
/// The supplier's API, reached only through the personal link's token. Saves and submit need the ETag of the
/// version the supplier last saw (If-Match): a stale one gets 412 and nothing is overwritten. A change the state no
/// longer allows (<see cref="WorkflowException"/>) is a 409, mapped with the 412s by <see cref="ProblemExceptionHandler"/>.
/// </summary>
public static class QuestionnaireApi
{
    public const long MaxEvidenceBytes = 10 * 1024 * 1024;

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

    public static IEndpointRouteBuilder MapQuestionnaireApi(this IEndpointRouteBuilder app)
    {
        app.MapFunction("GetQuestionnaire", GetAsync).Produces<QuestionnaireView>().WithProblems(404);
        app.MapFunction("SaveAnswers", SaveAsync).WithRequestBody("application/json").WithProblems(400, 404, 409, 412, 413, 428);
        app.MapFunction("UploadEvidence", UploadEvidenceAsync).DisableAntiforgery().WithRequestBody("multipart/form-data").WithProblems(400, 404, 409, 412, 413);
        app.MapFunction("SubmitQuestionnaire", SubmitAsync).WithProblems(400, 404, 409, 412, 428);
        return app;
    }

    /// <summary>One point read: the token names the assessment, the secret must match its stored hash.</summary>
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

    private static async Task<IResult> GetAsync(string token, string? lang, HttpContext http, AssessmentStore assessments, TimeProvider time, CancellationToken ct)
    {
        if (await OpenAsync(token, assessments, time, ct) is not var (stored, template))
        {
            return Problems.BadLink();
        }
        http.Response.Headers.ETag = ForClient(stored.ETag);
        http.Response.Headers.CacheControl = "no-store";
        return Results.Ok(QuestionnaireView.From(stored.Assessment, template, lang ?? "en"));
    }

    private static async Task<IResult> SaveAsync(
        string token, HttpRequest request, HttpContext http, AssessmentStore assessments, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        if (await OpenAsync(token, assessments, time, ct) is not var (stored, template))
        {
            return Problems.BadLink();
        }
        if (Precondition(request, stored) is { } failed)
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
        var etag = await assessments.SaveAsync(stored.Assessment, stored.OwnerId, stored.ETag, ct);
        if (wasInvited)
        {
            await audit.RecordAsync(stored.Assessment.ProcurementId, "supplier", "answering started", stored.Assessment.Id, cancellationToken: ct);
        }
        http.Response.Headers.ETag = ForClient(etag);
        return Results.Ok(new { savedAt = time.GetUtcNow(), state = stored.Assessment.State.ToId(), progressPercent = stored.Assessment.ProgressPercent(template) });
    }

    private static async Task<IResult> UploadEvidenceAsync(
        string token, string questionId, HttpRequest request, HttpContext http, AssessmentStore assessments, EvidenceStore evidence,
        TimeProvider time, CancellationToken ct)
    {
        // This endpoint alone takes files: lift the JSON body limit to the evidence limit before reading.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxEvidenceBytes + 64 * 1024;
        }
        if (await OpenAsync(token, assessments, time, ct) is not var (stored, template))
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
        var form = await request.ReadFormAsync(ct);
        if (form.Files.GetFile("file") is not { } file || file.Length == 0)
        {
            return Problems.Invalid("file", "Choose a file to attach.");
        }
        if (file.Length > MaxEvidenceBytes)
        {
            return Results.Problem(statusCode: 413, title: $"The file is larger than the {MaxEvidenceBytes / 1024 / 1024} MB accepted.");
        }
        var fileName = Path.GetFileName(file.FileName);
        if (fileName.Length is 0 or > 200 || !EvidenceTypes.TryGetValue(Path.GetExtension(fileName), out var contentType))
        {
            return Problems.Invalid("file", $"Attach a document or an image: {string.Join(", ", EvidenceTypes.Keys)}.");
        }
        var fileId = Ids.New();
        await using (var content = file.OpenReadStream())
        {
            await evidence.SaveAsync(stored.Assessment.ProcurementId, stored.Assessment.Id, fileId, content, contentType, fileName, ct);
        }
        stored.Assessment.AttachEvidence(questionId, new EvidenceFile(fileId, fileName, contentType, file.Length));
        http.Response.Headers.ETag = ForClient(await assessments.SaveAsync(stored.Assessment, stored.OwnerId, stored.ETag, ct));
        return Results.Created((string?)null, new { id = fileId, fileName, contentType, size = file.Length });
    }

    private static async Task<IResult> SubmitAsync(
        string token, HttpRequest request, AssessmentStore assessments, StageQueues queues, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        if (await OpenAsync(token, assessments, time, ct) is not var (stored, template))
        {
            return Problems.BadLink();
        }
        if (Precondition(request, stored) is { } failed)
        {
            return failed;
        }
        var missing = stored.Assessment.Submit(template, time.GetUtcNow());
        if (missing.Count > 0)
        {
            return Problems.Invalid(missing, $"Not submitted: {missing.Count} required question(s) still need an answer.");
        }
        await assessments.SaveAsync(stored.Assessment, stored.OwnerId, stored.ETag, ct);
        await queues.SendAsync(StageQueues.Submitted, new StageMessage(stored.Assessment.ProcurementId, stored.Assessment.Id), ct);
        await audit.RecordAsync(stored.Assessment.ProcurementId, "supplier", "submitted", stored.Assessment.Id, cancellationToken: ct);
        return Results.Accepted((string?)null, new { state = stored.Assessment.State.ToId(), submittedAt = stored.Assessment.SubmittedAt });
    }

    /// <summary>428 without If-Match, 412 when it is not the stored version: no save ever silently wins.</summary>
    private static IResult? Precondition(HttpRequest request, StoredAssessment stored)
    {
        var ifMatch = request.Headers[HeaderNames.IfMatch].ToString();
        if (ifMatch.Length == 0)
        {
            return Results.Problem(statusCode: 428, title: "Send the ETag of the answers you last loaded in an If-Match header.");
        }
        return Opaque(ifMatch) == Opaque(stored.ETag.ToString())
            ? null
            : Problems.Stale("The questionnaire was changed elsewhere since you opened it. Reload to see the latest answers, then save again.");
    }

    /// <summary>The ETag as clients see it: quoted, without the weak marker Table Storage puts on it.</summary>
    internal static string ForClient(ETag etag) => $"\"{Opaque(etag.ToString())}\"";

    private static string Opaque(string tag)
    {
        var value = tag.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }
        return value.Trim('"');
    }
}
