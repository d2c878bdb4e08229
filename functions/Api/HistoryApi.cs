using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Functions.Hosting;
using SupplierAssessment.Functions.Stages;
using AuditStore = SupplierAssessment.Adapters.Storage.AuditTrail;

namespace SupplierAssessment.Functions.Api;

/// <summary>The body of <c>PUT …/history</c>: the earlier assessment the project manager confirms is this supplier's.</summary>
public sealed record ConfirmEarlierRequest(string? EarlierProcurementId, string? EarlierAssessmentId);

/// <summary>An earlier assessment that may be the same supplier's (<see cref="SupplierHistory.IsCandidate"/>).</summary>
public sealed record EarlierCandidateView(
    string ProcurementId, string ProcurementName, string AssessmentId, string SupplierName, string SupplierEmail, DateTimeOffset AssessedAt, int ReportVersion)
{
    public static EarlierCandidateView From(EarlierCandidate c) => new(
        c.Procurement.Id, c.Procurement.Name, c.Assessment.Id, c.Assessment.SupplierName, c.Assessment.SupplierEmail, c.AssessedAt, c.Assessment.ReportVersion);
}

/// <summary>One process area then and now (<see cref="ProcessAreaProgress"/>): today's target, levels and missing points; today's null until scored.</summary>
public sealed record ProcessAreaProgressView(string Id, int Target, int EarlierLevel, int? TodayLevel, int? LevelChange, int EarlierMissingPoints, int? TodayMissingPoints);

/// <summary>
/// The confirmed earlier assessment next to today's, both against today's profile at <c>AlertLevel</c> (the active
/// alert level). <c>FirstReportVersion</c> is the first report version that carries it; <c>InLatestReport</c> whether the
/// newest version already does (confirming after a report: the next version will).
/// </summary>
public sealed record EarlierComparisonView(
    string ProcurementId, string ProcurementName, string AssessmentId, DateTimeOffset AssessedAt, int FirstReportVersion, bool InLatestReport,
    string AlertLevel, int EarlierMissingPoints, int? TodayMissingPoints, IReadOnlyList<ProcessAreaProgressView> ProcessAreas);

/// <summary>
/// A supplier's history as <c>GET …/history</c> answers it: the confirmed earlier assessment and its comparison (null
/// when none is confirmed, or it can no longer be read), and the candidates not yet dismissed, newest first.
/// </summary>
public sealed record SupplierHistoryView(string AssessmentId, string SupplierName, EarlierComparisonView? Confirmed, IReadOnlyList<EarlierCandidateView> Candidates)
{
    /// <summary><paramref name="today"/>'s history, its earlier ratings and today's measured with <paramref name="profile"/> at the procurement's active alert level.</summary>
    public static SupplierHistoryView From(
        Procurement procurement, ConfidenceProfile profile, Assessment today, Assessment? earlier, IReadOnlyList<EarlierCandidate> candidates)
    {
        EarlierComparisonView? confirmed = null;
        if (today.EarlierAssessment is { } link && earlier?.VerifiedRatings is { } ratings)
        {
            var progress = SupplierHistory.Compare(ratings, today.VerifiedRatings, profile, procurement.ActiveAlertLevel);
            confirmed = new EarlierComparisonView(link.ProcurementId, link.ProcurementName, link.AssessmentId, link.AssessedAt, link.FirstReportVersion,
                today.ReportVersion >= link.FirstReportVersion, progress.AlertLevel, progress.EarlierMissingPoints, progress.TodayMissingPoints,
                [.. progress.ProcessAreas.Select(p => new ProcessAreaProgressView(
                    p.ProcessArea.Id, p.Target, p.EarlierLevel, p.TodayLevel, p.LevelChange, p.EarlierMissingPoints, p.TodayMissingPoints))]);
        }
        return new SupplierHistoryView(today.Id, today.SupplierName, confirmed, [.. candidates.Select(EarlierCandidateView.From)]);
    }
}

/// <summary>
/// A supplier assessed before (issue 10 part 6): <c>GET</c> and <c>PUT /api/procurements/{procurementId}/assessments/{assessmentId}/history</c>.
/// Project managers only, on their own procurements (another's is a 404); candidates come only from the caller's own
/// earlier procurements (<see cref="EarlierAssessments"/>).
/// </summary>
public sealed class SupplierHistoryFunctions(ProcurementStore procurements, AssessmentStore assessments, EarlierAssessments history, AuditStore audit)
{
    /// <summary><c>GET …/history</c>: <see cref="SupplierHistoryView"/>; 404 when the procurement or assessment is not the caller's.</summary>
    [Function(nameof(SupplierHistoryOf))]
    [RequireRole(Roles.ProjectManager)]
    [ProducesResponseType<SupplierHistoryView>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> SupplierHistoryOf(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/procurements/{procurementId}/assessments/{assessmentId}/history")] HttpRequest request,
        string procurementId, string assessmentId, CancellationToken ct)
    {
        if (await FindAsync(request, procurementId, assessmentId, ct) is not ({ } procurement, { } stored))
        {
            return Problems.NotFound("assessment");
        }
        return Results.Ok(await ViewAsync(procurement, stored.Assessment, ct));
    }

    /// <summary>
    /// <c>PUT …/history</c> with <c>{ "earlierProcurementId", "earlierAssessmentId" }</c>: confirms that earlier assessment
    /// as this supplier's (replacing an earlier choice), audited "earlier assessment confirmed"; the next report version
    /// carries it (no new version is forced). 200 with <see cref="SupplierHistoryView"/>; 400 naming the field when one is
    /// missing or that assessment is not a candidate (not of the caller's other procurements, no report, another email
    /// domain or organisation name); 404 when this assessment is not the caller's; 412 when it changed meanwhile.
    /// </summary>
    [Function(nameof(ConfirmEarlierAssessment))]
    [RequireRole(Roles.ProjectManager)]
    [Consumes(typeof(ConfirmEarlierRequest), "application/json")]
    [ProducesResponseType<SupplierHistoryView>(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public async Task<IResult> ConfirmEarlierAssessment(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/procurements/{procurementId}/assessments/{assessmentId}/history")] HttpRequest request,
        string procurementId, string assessmentId, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<ConfirmEarlierRequest>(request, ct);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(body.EarlierProcurementId))
        {
            errors["earlierProcurementId"] = ["Name the earlier procurement (earlierProcurementId)."];
        }
        if (string.IsNullOrWhiteSpace(body.EarlierAssessmentId))
        {
            errors["earlierAssessmentId"] = ["Name the earlier assessment (earlierAssessmentId)."];
        }
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The earlier assessment could not be confirmed.");
        }
        if (await FindAsync(request, procurementId, assessmentId, ct) is not ({ } procurement, { } stored))
        {
            return Problems.NotFound("assessment");
        }
        var today = stored.Assessment;
        if (await history.CandidateAsync(procurement, today, body.EarlierProcurementId!, body.EarlierAssessmentId!, ct) is not { } candidate)
        {
            return Problems.Invalid("earlierAssessmentId", SupplierHistory.NotACandidate);
        }
        var link = SupplierHistory.Confirm(procurement, today, candidate);
        try
        {
            await assessments.SaveAsync(today, stored.OwnerId, stored.ETag, ct, audit: audit.Note(procurement.Id, request.HttpContext.User.UserId(),
                "earlier assessment confirmed", today.Id, $"{link.Key} ({link.ProcurementName})"));
        }
        catch (StaleWriteException)
        {
            return Problems.Stale($"{today.SupplierName} changed meanwhile: read its history again, then confirm.");
        }
        return Results.Ok(await ViewAsync(procurement, today, ct));
    }

    /// <summary>The caller's procurement and its assessment, or nulls (one point read each).</summary>
    private async Task<(Procurement?, StoredAssessment?)> FindAsync(HttpRequest request, string procurementId, string assessmentId, CancellationToken ct)
    {
        var user = request.HttpContext.User.UserId();
        if (await procurements.FindAsync(user, procurementId, ct) is not { } procurement
            || await assessments.FindAsync(procurement.Id, assessmentId, ct) is not { } stored || stored.OwnerId != user)
        {
            return (null, null);
        }
        return (procurement, stored);
    }

    private async Task<SupplierHistoryView> ViewAsync(Procurement procurement, Assessment today, CancellationToken ct)
    {
        var candidates = await history.CandidatesAsync(procurement, [today], ct);
        var earlier = await history.ConfirmedAsync(procurement.OwnerId, today, ct);
        return SupplierHistoryView.From(procurement, AssessmentLoader.ProfileOf(procurement), today, earlier, candidates[today.Id]);
    }
}
