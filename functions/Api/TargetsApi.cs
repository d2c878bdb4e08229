using System.Globalization;
using Azure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Functions.Hosting;
using SupplierAssessment.Functions.Stages;
using AuditStore = SupplierAssessment.Adapters.Storage.AuditTrail;

namespace SupplierAssessment.Functions.Api;

/// <summary>One target asked for this procurement: <c>{ "processArea": "PA01", "alertLevel": "high", "target": 3, "reason": "…" }</c>.</summary>
public sealed record TargetAdjustmentRequest(string? ProcessArea, string? AlertLevel, int? Target, string? Reason);

/// <summary>The body of <c>PUT …/targets</c>: the whole set of adjusted targets (an empty list keeps the profile's targets).</summary>
public sealed record TargetsRequest(IReadOnlyList<TargetAdjustmentRequest?>? Adjustments);

/// <summary>A target set for the procurement, as the API shows it: the profile's target → this procurement's, and why.</summary>
public sealed record TargetAdjustmentView(string ProcessArea, string AlertLevel, int ProfileTarget, int Target, string Reason)
{
    public static TargetAdjustmentView From(AdjustedTarget a) => new(a.ProcessArea.Id, a.AlertLevel, a.ProfileTarget, a.Target, a.Reason);

    public static IReadOnlyList<TargetAdjustmentView> Of(Procurement procurement) => [.. procurement.TargetAdjustments.Select(From)];
}

/// <summary>Reading and recording adjusted targets: shared by <c>POST /api/procurements</c>, <c>PUT …/targets</c> and the pages.</summary>
public static class TargetsApi
{
    /// <summary>
    /// The adjustments of a body's <c>adjustments</c> list against the procurement's <paramref name="profile"/> (the one it
    /// was created on); each problem goes into <paramref name="errors"/> as <c>adjustments[i].field</c> (processArea,
    /// alertLevel, target, reason), a missing list or item as <c>adjustments</c> / <c>adjustments[i]</c>.
    /// </summary>
    public static IReadOnlyList<TargetAdjustment> Read(
        ConfidenceProfile profile, IReadOnlyList<TargetAdjustmentRequest?>? items, IDictionary<string, string[]> errors, bool required)
    {
        if (items is null)
        {
            if (required)
            {
                errors["adjustments"] = ["Send the adjusted targets as a list (an empty list keeps the profile's targets)."];
            }
            return [];
        }
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is null)
            {
                errors[$"adjustments[{i}]"] = ["Each adjustment is an object: { processArea, alertLevel, target, reason }."];
            }
        }
        var (adjustments, problems) = ProcurementTargets.Read(profile, [.. items.Select(item => new TargetInput(
            item?.ProcessArea, item?.AlertLevel, item?.Target?.ToString(CultureInfo.InvariantCulture), item?.Reason))]);
        foreach (var problem in problems.Where(p => items[p.Index] is not null))
        {
            errors[$"adjustments[{problem.Index}].{problem.Field}"] = [problem.Message.En];
        }
        return adjustments;
    }

    /// <summary>One audit entry "target adjusted" per change, details "PA08 at high: 4 → 5 (reason)": stored with the procurement.</summary>
    public static IEnumerable<AuditNote> Notes(AuditStore audit, Procurement procurement, string actor, IReadOnlyList<TargetChange> changes) =>
        changes.Select(change => audit.Note(procurement.Id, actor, "target adjusted", details: Details(change)));

    /// <summary>"PA08 at high: 4 → 5 (Card payments are hosted here.)"; a withdrawn adjustment says "(the profile's target again)".</summary>
    public static string Details(TargetChange change) =>
        $"{change.ProcessArea.Id} at {change.AlertLevel}: {change.From} → {change.To} ({change.Reason ?? "the profile's target again"})";
}

/// <summary>
/// <c>/api/procurements/{procurementId}/targets</c>: the targets the project manager sets for one procurement (issue 10,
/// part 4). Only the procurement's owner (another's is a 404, as a missing one).
/// </summary>
public sealed class TargetFunctions(ProcurementStore procurements, AssessmentStore assessments, AuditStore audit)
{
    /// <summary>
    /// <c>GET …/targets</c>: <c>{ procurementId, profile, fixed, adjustments }</c> — the profile measured against (its
    /// <c>versionLabel</c> says when it is the procurement's own), whether a report already fixed the targets, and the
    /// adjusted targets.
    /// </summary>
    [Function(nameof(GetTargets))]
    [RequireRole(Roles.ProjectManager)]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> GetTargets(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/procurements/{procurementId}/targets")] HttpRequest request,
        string procurementId, CancellationToken ct)
    {
        if (await procurements.FindAsync(request.HttpContext.User.UserId(), procurementId, ct) is not { } procurement)
        {
            return Problems.NotFound("procurement");
        }
        var reported = (await assessments.ListAsync(procurement.Id, ct)).Any(s => s.Assessment.ReportVersion > 0);
        request.HttpContext.Response.Headers.ETag = $"\"{ProcurementTargets.VersionOf(procurement)}\"";
        return Results.Ok(Answer(procurement, reported));
    }

    /// <summary>
    /// <c>PUT …/targets</c> with <c>{ "adjustments": [{ "processArea": "PA01", "alertLevel": "high", "target": 3, "reason": "…" }] }</c>:
    /// replaces the set of adjusted targets (one equal to the profile's target withdraws that adjustment) and records
    /// each change in the audit trail ("target adjusted"). 400 naming each bad field (<c>adjustments[0].reason</c>…);
    /// 409 once a supplier has a report (the targets are fixed so that bidders are measured alike) or the procurement
    /// is closed; 412 when the procurement changed meanwhile, or when <c>If-Match</c> is given and is not the current
    /// targets' ETag (the one <c>GET …/targets</c> and this call answer with). Nothing is changed on any refusal.
    /// </summary>
    [Function(nameof(SetTargets))]
    [ReadsIfMatch]
    [RequireRole(Roles.ProjectManager)]
    [Consumes(typeof(TargetsRequest), "application/json")]
    [ProducesResponseType(StatusCodes.Status200OK)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status415UnsupportedMediaType, "application/problem+json")]
    public async Task<IResult> SetTargets(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/procurements/{procurementId}/targets")] HttpRequest request,
        string procurementId, CancellationToken ct)
    {
        var body = await JsonBody.ReadAsync<TargetsRequest>(request, ct);
        var user = request.HttpContext.User;
        if (await procurements.FindAsync(user.UserId(), procurementId, ct) is not { } procurement)
        {
            return Problems.NotFound("procurement");
        }
        // With If-Match (the ETag of GET …/targets), a set edited from a stale copy is refused rather than replacing a change made meanwhile.
        if (ETags.IsStale(request.Headers.IfMatch.ToString(), new ETag(ProcurementTargets.VersionOf(procurement))))
        {
            return Problems.Stale("The targets were changed elsewhere since you read them; nothing was changed. Read them again (GET …/targets), then send your set.");
        }
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var adjustments = TargetsApi.Read(ProcurementTargets.CreatedOn(procurement), body.Adjustments, errors, required: true);
        if (errors.Count > 0)
        {
            return Problems.Invalid(errors, "The targets could not be set.");
        }
        var suppliers = (await assessments.ListAsync(procurement.Id, ct)).Select(s => s.Assessment).ToArray();
        var changes = procurement.AdjustTargets(adjustments, suppliers); // WorkflowException → 409, nothing saved
        if (changes.Count > 0)
        {
            await procurements.SaveAsync(procurement, ct, [.. TargetsApi.Notes(audit, procurement, user.UserId(), changes)]); // StaleWriteException → 412
        }
        request.HttpContext.Response.Headers.ETag = $"\"{ProcurementTargets.VersionOf(procurement)}\"";
        return Results.Ok(Answer(procurement, reported: false));
    }

    private static object Answer(Procurement procurement, bool reported)
    {
        var profile = AssessmentLoader.ProfileOf(procurement);
        return new
        {
            procurementId = procurement.Id,
            profile = new { id = profile.Id, version = profile.Version, versionLabel = profile.VersionLabel },
            @fixed = reported || procurement.Closed,
            adjustments = TargetAdjustmentView.Of(procurement),
        };
    }
}
