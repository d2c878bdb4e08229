using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages.Review;

/// <summary>One assessment assigned to the expert: its supplier, procurement, state and newest report version (0: none yet).</summary>
public sealed record AssignedReview(string ProcurementId, string ProcurementName, Assessment Assessment);

/// <summary>What "my reviews" shows: the signed-in expert's assigned assessments, those still to review first.</summary>
public sealed record MyReviewsModel(IReadOnlyList<AssignedReview> Reviews);

/// <summary>
/// <c>/reviews</c>, "my reviews": the security expert's home (issue #9) — every assessment assigned to them, with its
/// state, procurement, supplier, a link to the review and to the latest report. Only the expert's own assignments.
/// </summary>
public sealed class MyReviewsPages(AssessmentStore assessments, ProcurementStore procurements)
{
    [Function(nameof(MyReviewsPage))]
    [RequireRole(Roles.Expert)]
    public async Task<IActionResult> MyReviewsPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reviews")] HttpRequest request, CancellationToken ct)
    {
        var http = request.HttpContext;
        var assigned = await assessments.ListReviewedByAsync(http.User.UserId(), ct);
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var stored in assigned.DistinctBy(s => s.Assessment.ProcurementId))
        {
            var procurement = await procurements.FindAsync(stored.OwnerId, stored.Assessment.ProcurementId, ct);
            names[stored.Assessment.ProcurementId] = procurement?.Name ?? stored.Assessment.ProcurementId;
        }
        var reviews = assigned
            .Select(s => new AssignedReview(s.Assessment.ProcurementId, names[s.Assessment.ProcurementId], s.Assessment))
            .OrderBy(r => r.Assessment.State is AssessmentState.Reported or AssessmentState.UnderReview ? 0 : r.Assessment.State == AssessmentState.Final ? 2 : 1)
            .ThenBy(r => r.ProcurementName, StringComparer.OrdinalIgnoreCase)
            .ThenBy(r => r.Assessment.SupplierName, StringComparer.OrdinalIgnoreCase)
            .ToArray();
        return PageView.Of(http, "Review/MyReviews", new MyReviewsModel(reviews));
    }
}
