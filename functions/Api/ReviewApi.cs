using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Adapters.Reports;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Functions.Hosting;
using SupplierAssessment.Functions.Stages;
using AuditStore = SupplierAssessment.Adapters.Storage.AuditTrail;

namespace SupplierAssessment.Functions.Api;

/// <summary>The body of <c>PUT …/reviewer</c>: the security expert's user id.</summary>
public sealed record ReviewerRequest(string? ExpertId, string? Language = null);

/// <summary>The body of <c>PUT …/overrides</c>: one cell, its corrected rating (a letter or a percentage, string or number) and the evidence note.</summary>
public sealed record OverrideRequest(string? ProcessArea, string? CommonFeature, JsonElement Rating, string? Note);

/// <summary>The one access rule to an assessment, shared by the review API and the report and review pages.</summary>
public static class ReviewApi
{
    /// <summary>The longest evidence note an expert may write with a correction, in characters.</summary>
    public const int MaxNoteLength = 2000;

    /// <summary>
    /// The assessment if this user may see it: the procurement's owner (project manager role), or the expert assigned to
    /// review it (expert role); null otherwise, whether it exists or not. The one access rule of the API and the pages.
    /// </summary>
    internal static async Task<AssessmentContext?> VisibleAsync(
        ClaimsPrincipal user, string procurementId, string assessmentId, AssessmentStore assessments, ProcurementStore procurements, CancellationToken ct)
    {
        if (await assessments.FindAsync(procurementId, assessmentId, ct) is not { } stored)
        {
            return null;
        }
        var me = user.UserId();
        var allowed = (stored.OwnerId == me && user.IsInRole(Roles.ProjectManager))
                      || (stored.Assessment.ReviewerId == me && user.IsInRole(Roles.Expert));
        if (!allowed || await procurements.FindAsync(stored.OwnerId, procurementId, ct) is not { } procurement)
        {
            return null;
        }
        return AssessmentLoader.With(stored, procurement);
    }
}

/// <summary>
/// One assessment, its reports and evidence: for the project manager who owns the procurement and for the expert
/// assigned to review it — nobody else (<see cref="ReviewApi.VisibleAsync"/>: anyone else gets the 404 of a missing
/// one). The project manager assigns the expert; the expert corrects ratings and finalizes.
/// </summary>
public sealed class ReviewFunctions(
    AssessmentStore assessments, ProcurementStore procurements, ReportStore reports, EvidenceStore evidence, StageQueues queues,
    AuditStore audit, TimeProvider time, ReviewerAssignment assignment)
{
    /// <summary><c>GET …/assessments/{assessmentId}</c>: <c>{ assessment, answers, overrides }</c>, the expert's corrections with their notes.</summary>
    [Function(nameof(GetAssessment))]
    [RequireRole]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> GetAssessment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/procurements/{procurementId}/assessments/{assessmentId}")] HttpRequest request,
        string procurementId, string assessmentId, CancellationToken ct) =>
        await Visible(request, procurementId, assessmentId, ct) is { } context
            ? Results.Ok(new
            {
                assessment = AssessmentView.From(context),
                answers = context.Assessment.Answers.ByQuestion.ToDictionary(kv => kv.Key, kv => QuestionnaireView.AnswerValue(kv.Value)),
                overrides = context.Assessment.Overrides.Select(o => new
                {
                    processArea = o.Cell.ProcessArea.Id, commonFeature = o.Cell.CommonFeature.Id, percent = o.Rating.Percent,
                    letter = o.Rating.Letter.ToString(), o.Note, o.ExpertId, o.At,
                }),
            })
            : Problems.NotFound("assessment");

    /// <summary>
    /// <c>GET …/reports</c>: each report version with its links, oldest first: <c>html</c> and <c>json</c> as stored,
    /// <c>pdf</c> and <c>csv</c> (the action plan) in the reader's language (<see cref="GetReport"/>).
    /// </summary>
    [Function(nameof(ListReports))]
    [RequireRole]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> ListReports(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/procurements/{procurementId}/assessments/{assessmentId}/reports")] HttpRequest request,
        string procurementId, string assessmentId, CancellationToken ct)
    {
        if (await Visible(request, procurementId, assessmentId, ct) is null)
        {
            return Problems.NotFound("assessment");
        }
        var versions = await reports.VersionsAsync(procurementId, assessmentId, ct);
        var at = $"/api/procurements/{Uri.EscapeDataString(procurementId)}/assessments/{Uri.EscapeDataString(assessmentId)}/reports";
        return Results.Ok(versions.Select(v => new
        {
            version = v,
            html = $"{at}/{v}?format=html",
            json = $"{at}/{v}?format=json",
            pdf = $"{at}/{v}?format=pdf",
            csv = $"{at}/{v}?format=csv",
        }));
    }

    /// <summary>The formats a report version is read in, the default first (the report page's <c>?format=</c> leads here).</summary>
    public static readonly string[] ReportFormats = ["json", "html", "pdf", "csv"];

    /// <summary>
    /// <c>GET …/reports/{version}</c>: one report version, <c>?format=json</c> (the default) or <c>html</c> as stored;
    /// <c>pdf</c> (A4, as attached to the project manager's email) or <c>csv</c> (the action plan) made from the stored
    /// JSON, in the reader's language: <c>?lang=en|fr</c>, else the project manager's own language when they read it,
    /// else the site's language of the reader. 400 for another format, a <c>lang</c> other than en or fr, or a version
    /// that is not a whole number.
    /// </summary>
    [Function(nameof(GetReport))]
    [QueryParameter("format", "json as stored; html, pdf and csv (the action plan) in the language below", "json", "html", "pdf", "csv")]
    [QueryParameter("lang", "The language of an html, pdf or csv answer; left out: the project manager's own when they read it, else the reader's", "en", "fr")]
    [RequireRole]
    [ProducesResponseType(typeof(void), StatusCodes.Status200OK, "application/json", "text/html", "application/pdf", "text/csv")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> GetReport(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/procurements/{procurementId}/assessments/{assessmentId}/reports/{version}")] HttpRequest request,
        string procurementId, string assessmentId, string version, CancellationToken ct)
    {
        var (format, askedLanguage, problem) = ApiQuery.Read(request, ReportFormats);
        if (problem is not null)
        {
            return problem;
        }
        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return Problems.Invalid("version", "A report version is a whole number: 1, 2, …");
        }
        if (await Visible(request, procurementId, assessmentId, ct) is not { } context)
        {
            return Problems.NotFound("assessment");
        }
        var language = askedLanguage ?? ReaderLanguage(request.HttpContext, context.Procurement);
        var content = await reports.ReadAsync(procurementId, assessmentId, number, format == "html" ? ReportFormat.Html : ReportFormat.Json, ct);
        if (content is null)
        {
            return Problems.NotFound("report version");
        }
        var http = request.HttpContext;
        switch (format)
        {
            case "html":
                // The report is self-contained: its one <style> element, no script at all.
                // Framed by the report page of this app (frame-ancestors 'self'), never by another site.
                http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";
                // The stored HTML is the English rendering; any other language is rendered from the version's JSON.
                if (language != "en"
                    && await reports.ReadAsync(procurementId, assessmentId, number, ReportFormat.Json, ct) is { } json)
                {
                    content = ReportHtml.Render(ReportJson.Read(json, context.Profile, ShippedData.Catalog), ShippedData.Catalog, language);
                }
                return Results.Content(content, "text/html; charset=utf-8");
            case "pdf":
            {
                var report = ReportJson.Read(content, context.Profile, ShippedData.Catalog);
                Download(http, ReportPdf.FileName(report, language));
                return Results.File(ReportPdf.Render(report, ShippedData.Catalog, language), "application/pdf");
            }
            case "csv":
            {
                var report = ReportJson.Read(content, context.Profile, ShippedData.Catalog);
                // With a byte order mark, so that spreadsheets read the accents of French names as UTF-8.
                var csv = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ActionPlanCsv.Render(report, ShippedData.Catalog, language))).ToArray();
                Download(http, ActionPlanCsv.FileName(report, language));
                return Results.File(csv, "text/csv; charset=utf-8");
            }
            default:
                return Results.Content(content, "application/json");
        }
    }

    /// <summary>
    /// The language a report download speaks when <c>?lang=</c> does not say: the project manager's own when they are
    /// the reader (as their emailed PDF), else the language the reader reads the site in.
    /// </summary>
    private static string ReaderLanguage(HttpContext http, Procurement procurement) =>
        procurement.OwnerId == http.User.UserId() && http.User.IsInRole(Roles.ProjectManager)
            ? procurement.ProjectManagerLanguage
            : PageLanguage.Of(http);

    /// <summary>An attachment named as the reader would write it (<c>filename*=UTF-8''…</c>, RFC 6266) with an ASCII <c>filename</c> for older clients.</summary>
    private static void Download(HttpContext http, DownloadName name) =>
        http.Response.Headers.ContentDisposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment")
        {
            FileName = name.Ascii,
            FileNameStar = name.Unicode,
        }.ToString();

    /// <summary><c>GET …/evidence/{fileId}</c>: a file the supplier attached, as a download of its own type (never sniffed).</summary>
    [Function(nameof(GetEvidence))]
    [RequireRole]
    [ProducesResponseType(typeof(void), StatusCodes.Status200OK, "application/octet-stream")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> GetEvidence(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/procurements/{procurementId}/assessments/{assessmentId}/evidence/{fileId}")] HttpRequest request,
        string procurementId, string assessmentId, string fileId, CancellationToken ct)
    {
        if (await Visible(request, procurementId, assessmentId, ct) is not { } context)
        {
            return Problems.NotFound("assessment");
        }
        var file = context.Assessment.Answers.ByQuestion.Values.OfType<Domain.Questionnaires.EvidenceAnswer>()
            .SelectMany(e => e.Files).FirstOrDefault(f => f.Id == fileId);
        if (file is null || await evidence.ReadAsync(procurementId, assessmentId, fileId, ct) is not { } blob)
        {
            return Problems.NotFound("evidence file");
        }
        request.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.File(blob.Content.ToArray(), file.ContentType, file.FileName);
    }

    /// <summary>
    /// <c>PUT …/reviewer</c> with <c>{ "expertId": "…" }</c>: the security expert who will review the assessment, one of
    /// the configured experts (else 400 naming <c>expertId</c>); the expert is emailed the link to the review. 409 once
    /// the review is final (<see cref="Assessment.AssignReviewer"/>).
    /// </summary>
    [Function(nameof(AssignReviewer))]
    [RequireRole(Roles.ProjectManager)]
    [Consumes(typeof(ReviewerRequest), "application/json")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    public async Task<IResult> AssignReviewer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/procurements/{procurementId}/assessments/{assessmentId}/reviewer")] HttpRequest request,
        string procurementId, string assessmentId, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ReviewerRequest>(request, ct);
        if (await Visible(request, procurementId, assessmentId, ct) is not { } context)
        {
            return Problems.NotFound("assessment");
        }
        if (string.IsNullOrWhiteSpace(body.ExpertId))
        {
            return Problems.Invalid("expertId", "Name the security expert who will review this assessment.");
        }
        if (body.ExpertId.Length > ReviewerAssignment.MaxExpertIdLength)
        {
            return Problems.Invalid("expertId", ReviewerAssignment.UnknownExpert("en"));
        }
        if (body.Language is { } language && !LocalizedText.Languages.Contains(language))
        {
            return Problems.Invalid("language", "The expert's language is \"en\" or \"fr\".");
        }
        // The expert's language: asked for, else the project manager's own.
        var expert = await assignment.AssignAsync(context.Stored, context.Procurement.Name, body.ExpertId,
            body.Language ?? context.Procurement.ProjectManagerLanguage, request.HttpContext.User.UserId(), ct);
        return expert is null
            ? Problems.Invalid("expertId", ReviewerAssignment.UnknownExpert("en"))
            : Results.Ok(new { assessmentId, reviewerId = context.Assessment.ReviewerId });
    }

    /// <summary>
    /// <c>DELETE …/overrides/{processArea}/{commonFeature}</c>: the expert takes back a correction they made (audited); the
    /// cell returns to its declared rating. 404 for a cell that is not a cell; 409 when there is no such correction, the
    /// review is closed or another expert made it.
    /// </summary>
    [Function(nameof(RemoveOverride))]
    [RequireRole(Roles.Expert)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public async Task<IResult> RemoveOverride(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/procurements/{procurementId}/assessments/{assessmentId}/overrides/{processArea}/{commonFeature}")] HttpRequest request,
        string procurementId, string assessmentId, string processArea, string commonFeature, CancellationToken ct)
    {
        if (await Visible(request, procurementId, assessmentId, ct) is not { } context
            || !ProcessAreaId.TryParse(processArea, out var pa) || !CommonFeature.TryParse(commonFeature, out var cf))
        {
            return Problems.NotFound("correction");
        }
        var expert = request.HttpContext.User.UserId();
        var removed = context.Assessment.RemoveOverride(new Cell(pa, cf), expert);
        await assessments.SaveAsync(context.Assessment, context.Stored.OwnerId, context.Stored.ETag, ct,
            audit: audit.Note(procurementId, expert, "correction removed", assessmentId, $"{removed.Cell.ProcessArea.Id}/{removed.Cell.CommonFeature.Id} (was {removed.Rating})"));
        return Results.Ok(new { assessmentId, state = context.Assessment.State.ToId(), overrides = context.Assessment.Overrides.Count });
    }

    /// <summary>
    /// <c>PUT …/overrides</c> with <c>{ processArea, commonFeature, rating, note }</c>: the expert corrects one cell's
    /// rating (N, P, L, F or a percentage) with the evidence note that justifies it (1 to <see cref="ReviewApi.MaxNoteLength"/> characters).
    /// 409 when another expert made the cell's correction (<see cref="Assessment.Override"/>).
    /// </summary>
    [Function(nameof(OverrideRating))]
    [RequireRole(Roles.Expert)]
    [Consumes(typeof(OverrideRequest), "application/json")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    public async Task<IResult> OverrideRating(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/procurements/{procurementId}/assessments/{assessmentId}/overrides")] HttpRequest request,
        string procurementId, string assessmentId, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<OverrideRequest>(request, ct);
        if (await Visible(request, procurementId, assessmentId, ct) is not { } context)
        {
            return Problems.NotFound("assessment");
        }
        var errors = new Dictionary<string, string[]>();
        if (!ProcessAreaId.TryParse(body.ProcessArea, out var pa))
        {
            errors["processArea"] = ["Give a process area id, PA01 to PA22."];
        }
        if (!CommonFeature.TryParse(body.CommonFeature, out var cf))
        {
            errors["commonFeature"] = ["Give a common feature id: 1.1, 2.1 … 5.2."];
        }
        var ratingText = body.Rating.ValueKind switch
        {
            JsonValueKind.String => body.Rating.GetString(),
            JsonValueKind.Number => body.Rating.GetRawText(),
            _ => null,
        };
        if (!Rating.TryParse(ratingText, out var rating))
        {
            errors["rating"] = ["A rating is N, P, L, F or a percentage from 0 to 100."];
        }
        var note = body.Note is null ? null : Domain.Questionnaires.AnswerValidation.NormalizeText(body.Note); // a line break counts one
        if (string.IsNullOrWhiteSpace(note) || note.Length > ReviewApi.MaxNoteLength)
        {
            errors["note"] = [$"Write the evidence note that justifies the correction (1 to {ReviewApi.MaxNoteLength} characters)."];
        }
        else if (Domain.Questionnaires.AnswerValidation.HasControlCharacters(note))
        {
            errors["note"] = [Domain.Questionnaires.AnswerValidation.ControlCharacters];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The correction was not recorded.");
        }
        var expert = request.HttpContext.User.UserId();
        context.Assessment.Override(new Cell(pa, cf), rating, note!, expert, time.GetUtcNow());
        await assessments.SaveAsync(context.Assessment, context.Stored.OwnerId, context.Stored.ETag, ct,
            audit: audit.Note(procurementId, expert, "rating corrected", assessmentId, $"{pa.Id}/{cf.Id} → {rating}"));
        return Results.Ok(new { assessmentId, state = context.Assessment.State.ToId(), overrides = context.Assessment.Overrides.Count });
    }

    /// <summary>
    /// <c>POST …/finalize</c>: the expert closes the review; 202 <c>{ assessmentId, state, reportVersion }</c> and the
    /// verified report version is requested (queue <see cref="StageQueues.ReportRequested"/>).
    /// </summary>
    [Function(nameof(FinalizeReview))]
    [RequireRole(Roles.Expert)]
    [ProducesResponseType(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public async Task<IResult> FinalizeReview(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/procurements/{procurementId}/assessments/{assessmentId}/finalize")] HttpRequest request,
        string procurementId, string assessmentId, CancellationToken ct)
    {
        if (await Visible(request, procurementId, assessmentId, ct) is not { } context)
        {
            return Problems.NotFound("assessment");
        }
        int version;
        try
        {
            version = context.Assessment.Finalize();
        }
        catch (WorkflowException)
        {
            // Finalized before: if the verified report's request was lost, this retry sends it again (still a 409).
            await queues.DispatchUnsettledAsync(procurementId, assessmentId, ct);
            throw;
        }
        var verified = queues.FollowUp(StageQueues.ReportRequested, new StageMessage(procurementId, assessmentId, version, Verified: true));
        await assessments.SaveAsync(context.Assessment, context.Stored.OwnerId, context.Stored.ETag, ct, followUp: verified,
            audit: audit.Note(procurementId, request.HttpContext.User.UserId(), "review finalized", assessmentId, $"verified report version {version} requested"));
        await queues.DispatchAsync(verified, ct);
        return Results.Accepted((string?)null, new { assessmentId, state = context.Assessment.State.ToId(), reportVersion = version });
    }

    private Task<AssessmentContext?> Visible(HttpRequest request, string procurementId, string assessmentId, CancellationToken ct) =>
        ReviewApi.VisibleAsync(request.HttpContext.User, procurementId, assessmentId, assessments, procurements, ct);
}
