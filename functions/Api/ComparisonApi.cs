using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Adapters.Reports;
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
    /// <summary>
    /// The owner's procurement's <see cref="ComparisonView"/> (<c>?format=json</c>, the default), or the page's
    /// spreadsheet downloads, <c>?format=csv</c> or <c>xlsx</c> (<see cref="ComparisonDownloads.Attach"/>), in
    /// <c>?lang=en|fr</c>, else the project manager's own language (as their report emails). 400 for another format or
    /// language, as the report versions' API; 404 for another project manager's or an unknown procurement.
    /// </summary>
    [Function(nameof(Comparison))]
    [QueryParameter("format", "json, or the procurement page's downloads: csv (UTF-8 with a byte order mark), xlsx", "json", "csv", "xlsx")]
    [QueryParameter("lang", "The language of a csv or xlsx download; left out: the project manager's own", "en", "fr")]
    [RequireRole(Roles.ProjectManager)]
    [ProducesResponseType<ComparisonView>(StatusCodes.Status200OK, "application/json", "text/csv", ComparisonXlsx.ContentType)]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, "application/problem+json")]
    public async Task<IResult> Comparison(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/procurements/{procurementId}/comparison")] HttpRequest request,
        string procurementId, CancellationToken ct)
    {
        var (format, askedLanguage, problem) = ApiQuery.Read(request, "json", "csv", "xlsx");
        if (problem is not null)
        {
            return problem;
        }
        if (await procurements.FindAsync(request.HttpContext.User.UserId(), procurementId, ct) is not { } procurement)
        {
            return Problems.NotFound("procurement");
        }
        var comparison = await ComparisonDownloads.ComparisonOfAsync(assessments, procurement, ct);
        if (format == "json")
        {
            return Results.Ok(ComparisonView.From(procurement.Id, comparison));
        }
        var language = askedLanguage ?? procurement.ProjectManagerLanguage;
        var (bytes, contentType) = ComparisonDownloads.Attach(request.HttpContext, procurement, comparison, format, language);
        return Results.File(bytes, contentType);
    }
}
