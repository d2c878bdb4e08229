using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Reports;
using SupplierAssessment.Functions.Hosting;
using SupplierAssessment.Functions.Pages.Procurements;

namespace SupplierAssessment.Functions.Api;

/// <summary>One process area of a scored bidder: achieved level, target at the active alert level (levels 0..5) and missing points.</summary>
public sealed record ComparedAreaView(string ProcessArea, int Achieved, int Target, int MissingPoints, bool BelowTarget);

/// <summary>One bidder side by side: rank and figures null while waiting (not scored yet); the newest report version, 0 when none.</summary>
public sealed record ComparedBidderView(
    int? Rank, string AssessmentId, string SupplierName, string State, bool Verified, int LatestReportVersion, int? MissingPoints,
    IReadOnlyList<ComparedAreaView>? ProcessAreas)
{
    public static ComparedBidderView From(ComparedBidder b) => new(
        b.Rank, b.AssessmentId, b.SupplierName, b.State.ToId(), b.Verified, b.LatestReportVersion, b.MissingPoints,
        b.Gap?.ProcessAreas.Select(g => new ComparedAreaView(g.ProcessArea.Id, g.Achieved, g.Target, g.MissingPoints, b.IsBelowTarget(g.ProcessArea))).ToArray());
}

/// <summary>The comparison as JSON: the active alert level, each process area's target there, and the bidders in the ranking's order.</summary>
public sealed record ComparisonView(string ProcurementId, string AlertLevel, IReadOnlyDictionary<string, int> Targets, IReadOnlyList<ComparedBidderView> Bidders)
{
    public static ComparisonView From(string procurementId, BidderComparison c) => new(
        procurementId, c.AlertLevel, BidderComparison.ProcessAreas.ToDictionary(pa => pa.Id, pa => c.Targets[pa.Index]),
        c.Bidders.Select(ComparedBidderView.From).ToArray());
}

/// <summary><c>GET /api/procurements/{procurementId}/comparison</c>: the bidders side by side, the figures of the procurement page's table and its downloads.</summary>
public sealed class ComparisonApi(ProcurementStore procurements, AssessmentStore assessments)
{
    /// <summary>The owner's procurement's <see cref="ComparisonView"/>; 404 for another project manager's or an unknown one.</summary>
    [Function(nameof(Comparison))]
    [RequireRole(Roles.ProjectManager)]
    [ProducesResponseType<ComparisonView>(StatusCodes.Status200OK, "application/json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> Comparison(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/procurements/{procurementId}/comparison")] HttpRequest request,
        string procurementId, CancellationToken ct)
    {
        if (await procurements.FindAsync(request.HttpContext.User.UserId(), procurementId, ct) is not { } procurement)
        {
            return Problems.NotFound("procurement");
        }
        return Results.Ok(ComparisonView.From(procurement.Id, await ComparisonDownloads.ComparisonOfAsync(assessments, procurement, ct)));
    }
}
