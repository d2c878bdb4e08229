using System.Security.Claims;
using System.Text;
using SupplierAssessment.Adapters.Reports;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Functions.Hosting;
using SupplierAssessment.Functions.Stages;

namespace SupplierAssessment.Functions.Api;

public sealed record ReviewerRequest(string? ExpertId);

public sealed record OverrideRequest(string? ProcessArea, string? CommonFeature, System.Text.Json.JsonElement Rating, string? Note);

/// <summary>
/// One assessment, its reports and evidence: for the project manager who owns the procurement and for the expert
/// assigned to review it — nobody else. The expert corrects ratings and finalizes.
/// </summary>
public static class ReviewApi
{
    public const int MaxNoteLength = 2000;

    public static IEndpointRouteBuilder MapReviewApi(this IEndpointRouteBuilder app)
    {
        app.MapFunction("GetAssessment", GetAsync).ForRole().WithProblems(404);
        app.MapFunction("ListReports", ListReportsAsync).ForRole().WithProblems(404);
        app.MapFunction("GetReport", GetReportAsync).ForRole().WithProblems(400, 404);
        app.MapFunction("GetEvidence", GetEvidenceAsync).ForRole().WithProblems(404);
        app.MapFunction("AssignReviewer", AssignAsync).ForRole(Roles.ProjectManager).WithProblems(400, 404, 412);
        app.MapFunction("OverrideRating", OverrideAsync).ForRole(Roles.Expert).WithProblems(400, 404, 409, 412);
        app.MapFunction("FinalizeReview", FinalizeAsync).ForRole(Roles.Expert).WithProblems(404, 409, 412);
        return app;
    }

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

    private static async Task<IResult> GetAsync(string procurementId, string assessmentId, ClaimsPrincipal user,
        AssessmentStore assessments, ProcurementStore procurements, CancellationToken ct) =>
        await VisibleAsync(user, procurementId, assessmentId, assessments, procurements, ct) is { } context
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

    private static async Task<IResult> ListReportsAsync(string procurementId, string assessmentId, ClaimsPrincipal user,
        AssessmentStore assessments, ProcurementStore procurements, ReportStore reports, CancellationToken ct)
    {
        if (await VisibleAsync(user, procurementId, assessmentId, assessments, procurements, ct) is null)
        {
            return Problems.NotFound("assessment");
        }
        var versions = await reports.VersionsAsync(procurementId, assessmentId, ct);
        return Results.Ok(versions.Select(v => new
        {
            version = v,
            html = $"/api/procurements/{procurementId}/assessments/{assessmentId}/reports/{v}?format=html",
            json = $"/api/procurements/{procurementId}/assessments/{assessmentId}/reports/{v}?format=json",
        }));
    }

    /// <summary>
    /// One report version: <c>?format=json</c> (the default) or <c>html</c> as stored; <c>pdf</c> (A4, as attached to the
    /// project manager's email) or <c>csv</c> (the action plan) made from the stored JSON, in the reader's language.
    /// </summary>
    private static async Task<IResult> GetReportAsync(string procurementId, string assessmentId, int version, string? format, HttpContext http,
        ClaimsPrincipal user, AssessmentStore assessments, ProcurementStore procurements, ReportStore reports, CancellationToken ct)
    {
        format = (format ?? "json").ToLowerInvariant();
        if (format is not ("json" or "html" or "pdf" or "csv"))
        {
            return Problems.Invalid("format", "Ask for format json, html, pdf or csv.");
        }
        if (await VisibleAsync(user, procurementId, assessmentId, assessments, procurements, ct) is not { } context)
        {
            return Problems.NotFound("assessment");
        }
        var content = await reports.ReadAsync(procurementId, assessmentId, version, format == "html" ? ReportFormat.Html : ReportFormat.Json, ct);
        if (content is null)
        {
            return Problems.NotFound("report version");
        }
        switch (format)
        {
            case "html":
                // The report is self-contained: its one <style> element, no script at all.
                // Framed by the report page of this app (frame-ancestors 'self'), never by another site.
                http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";
                return Results.Content(content, "text/html; charset=utf-8");
            case "pdf":
            {
                var report = ReportJson.Read(content, context.Profile, ShippedData.Catalog);
                return Results.File(ReportPdf.Render(report, ShippedData.Catalog, PageLanguage.Of(http)), "application/pdf", ReportPdf.FileName(report));
            }
            case "csv":
            {
                var report = ReportJson.Read(content, context.Profile, ShippedData.Catalog);
                // With a byte order mark, so that spreadsheets read the accents of French names as UTF-8.
                var csv = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(ActionPlanCsv.Render(report, ShippedData.Catalog, PageLanguage.Of(http)))).ToArray();
                return Results.File(csv, "text/csv; charset=utf-8", ActionPlanCsv.FileName(report));
            }
            default:
                return Results.Content(content, "application/json");
        }
    }

    private static async Task<IResult> GetEvidenceAsync(string procurementId, string assessmentId, string fileId, HttpContext http, ClaimsPrincipal user,
        AssessmentStore assessments, ProcurementStore procurements, EvidenceStore evidence, CancellationToken ct)
    {
        if (await VisibleAsync(user, procurementId, assessmentId, assessments, procurements, ct) is not { } context)
        {
            return Problems.NotFound("assessment");
        }
        var file = context.Assessment.Answers.ByQuestion.Values.OfType<Domain.Questionnaires.EvidenceAnswer>()
            .SelectMany(e => e.Files).FirstOrDefault(f => f.Id == fileId);
        if (file is null || await evidence.ReadAsync(procurementId, assessmentId, fileId, ct) is not { } blob)
        {
            return Problems.NotFound("evidence file");
        }
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.File(blob.Content.ToArray(), file.ContentType, file.FileName);
    }

    private static async Task<IResult> AssignAsync(string procurementId, string assessmentId, ReviewerRequest request, ClaimsPrincipal user,
        AssessmentStore assessments, ProcurementStore procurements, AuditTrail audit, CancellationToken ct)
    {
        if (await VisibleAsync(user, procurementId, assessmentId, assessments, procurements, ct) is not { } context)
        {
            return Problems.NotFound("assessment");
        }
        if (string.IsNullOrWhiteSpace(request.ExpertId) || request.ExpertId.Length > 200)
        {
            return Problems.Invalid("expertId", "Name the security expert who will review this assessment.");
        }
        context.Assessment.AssignReviewer(request.ExpertId.Trim());
        await assessments.SaveAsync(context.Assessment, context.Stored.OwnerId, context.Stored.ETag, ct);
        await audit.RecordAsync(procurementId, user.UserId(), "reviewer assigned", assessmentId, request.ExpertId.Trim(), ct);
        return Results.Ok(new { assessmentId, reviewerId = context.Assessment.ReviewerId });
    }

    private static async Task<IResult> OverrideAsync(string procurementId, string assessmentId, OverrideRequest request, ClaimsPrincipal user,
        AssessmentStore assessments, ProcurementStore procurements, AuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        if (await VisibleAsync(user, procurementId, assessmentId, assessments, procurements, ct) is not { } context)
        {
            return Problems.NotFound("assessment");
        }
        var errors = new Dictionary<string, string[]>();
        if (!ProcessAreaId.TryParse(request.ProcessArea, out var pa))
        {
            errors["processArea"] = ["Give a process area id, PA01 to PA22."];
        }
        if (!CommonFeature.TryParse(request.CommonFeature, out var cf))
        {
            errors["commonFeature"] = ["Give a common feature id: 1.1, 2.1 … 5.2."];
        }
        var ratingText = request.Rating.ValueKind switch
        {
            System.Text.Json.JsonValueKind.String => request.Rating.GetString(),
            System.Text.Json.JsonValueKind.Number => request.Rating.GetRawText(),
            _ => null,
        };
        if (!Rating.TryParse(ratingText, out var rating))
        {
            errors["rating"] = ["A rating is N, P, L, F or a percentage from 0 to 100."];
        }
        if (string.IsNullOrWhiteSpace(request.Note) || request.Note.Length > MaxNoteLength)
        {
            errors["note"] = [$"Write the evidence note that justifies the correction (1 to {MaxNoteLength} characters)."];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The correction was not recorded.");
        }
        context.Assessment.Override(new Cell(pa, cf), rating, request.Note!, user.UserId(), time.GetUtcNow());
        await assessments.SaveAsync(context.Assessment, context.Stored.OwnerId, context.Stored.ETag, ct);
        await audit.RecordAsync(procurementId, user.UserId(), "rating corrected", assessmentId, $"{pa.Id}/{cf.Id} → {rating}", ct);
        return Results.Ok(new { assessmentId, state = context.Assessment.State.ToId(), overrides = context.Assessment.Overrides.Count });
    }

    private static async Task<IResult> FinalizeAsync(string procurementId, string assessmentId, ClaimsPrincipal user,
        AssessmentStore assessments, ProcurementStore procurements, StageQueues queues, AuditTrail audit, CancellationToken ct)
    {
        if (await VisibleAsync(user, procurementId, assessmentId, assessments, procurements, ct) is not { } context)
        {
            return Problems.NotFound("assessment");
        }
        var version = context.Assessment.Finalize();
        await assessments.SaveAsync(context.Assessment, context.Stored.OwnerId, context.Stored.ETag, ct);
        await queues.SendAsync(StageQueues.ReportRequested, new StageMessage(procurementId, assessmentId, version, Verified: true), ct);
        await audit.RecordAsync(procurementId, user.UserId(), "review finalized", assessmentId, $"verified report version {version} requested", ct);
        return Results.Accepted((string?)null, new { assessmentId, state = context.Assessment.State.ToId(), reportVersion = version });
    }
}
