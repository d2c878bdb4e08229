using Microsoft.AspNetCore.Mvc;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Functions.Api;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages.Procurements;

/// <summary>
/// The procurement page's "Assessed before" panel (issue 10 part 6, <c>_History.cshtml</c>): for each supplier, the
/// earlier assessments of the same project manager that may be its own — confirmed (<c>?handler=ConfirmEarlier</c>) or
/// dismissed (<c>?handler=DismissEarlier</c>) once — and, once confirmed, its levels and missing points then and now.
/// The same rules as <see cref="SupplierHistoryFunctions"/>. <see cref="EarlierAssessments"/> is taken from the request's
/// services so that the page's constructor, which other features change too, stays as it is.
/// </summary>
public sealed partial class ProcurementPages
{
    /// <summary>
    /// The page's history rows, one per supplier (not withdrawn) with a confirmed earlier assessment or candidates to decide
    /// on, in the suppliers' order. Reads the owner's earlier procurements only when some supplier has no confirmed one.
    /// </summary>
    private async Task<IReadOnlyList<SupplierHistoryView>> LoadHistoryAsync(
        Procurement procurement, ConfidenceProfile profile, IReadOnlyList<StoredAssessment> stored, CancellationToken ct)
    {
        var suppliers = stored.Select(s => s.Assessment).Where(a => a.State != AssessmentState.Withdrawn).ToArray();
        var candidates = await history.CandidatesAsync(procurement, [.. suppliers.Where(a => a.EarlierAssessment is null)], ct);
        var earlier = await Task.WhenAll(suppliers.Select(a => history.ConfirmedAsync(procurement.OwnerId, a, ct)));
        return [.. suppliers
            .Select((a, i) => SupplierHistoryView.From(procurement, profile, a, earlier[i], candidates.GetValueOrDefault(a.Id) ?? []))
            .Where(v => v.Confirmed is not null || v.Candidates.Count > 0)];
    }

    private async Task<IActionResult> ConfirmEarlierAsync(HttpContext http, string procurementId, IFormCollection form, CancellationToken ct)
    {
        if (await FindAsync(http, procurementId, ct) is not { } procurement
            || await FindAssessmentAsync(http, procurementId, PageView.Field(form, "assessmentId"), ct) is not { } stored)
        {
            return Missing(http);
        }
        var today = stored.Assessment;
        if (PageView.Field(form, "earlierProcurementId") is not { } earlierProcurementId
            || PageView.Field(form, "earlierAssessmentId") is not { } earlierAssessmentId
            || await history.CandidateAsync(procurement, today, earlierProcurementId, earlierAssessmentId, ct) is not { } candidate)
        {
            return Done(http, procurementId, T($"That is not an earlier assessment of {today.SupplierName}: nothing was confirmed.",
                $"Ce n'est pas une évaluation précédente de {today.SupplierName} : rien n'a été confirmé."), problem: true);
        }
        var link = SupplierHistory.Confirm(procurement, today, candidate);
        if (!await SavedAsync(stored, audit.Note(procurement.Id, http.User.UserId(), "earlier assessment confirmed", today.Id, $"{link.Key} ({link.ProcurementName})"), ct))
        {
            return Done(http, procurementId, Changed(today), problem: true);
        }
        var report = today.ReportVersion == 0
            ? T("Its report will show both assessments.", "Son rapport montrera les deux évaluations.")
            : T($"Report version {today.ReportVersion}, written before, does not show it: the next version will.",
                $"La version {today.ReportVersion} du rapport, écrite avant, ne la montre pas : la prochaine version la montrera.");
        return Done(http, procurementId, T($"{today.SupplierName} is the supplier assessed in “{link.ProcurementName}”. {report.En}",
            $"{today.SupplierName} est le fournisseur évalué dans « {link.ProcurementName} ». {report.Fr}"));
    }

    private async Task<IActionResult> DismissEarlierAsync(HttpContext http, string procurementId, IFormCollection form, CancellationToken ct)
    {
        if (await FindAssessmentAsync(http, procurementId, PageView.Field(form, "assessmentId"), ct) is not { } stored)
        {
            return Missing(http);
        }
        var today = stored.Assessment;
        if (PageView.Field(form, "earlierProcurementId") is not { } earlierProcurementId
            || PageView.Field(form, "earlierAssessmentId") is not { } earlierAssessmentId)
        {
            return Done(http, procurementId, T("Say which earlier assessment is not the same supplier: nothing was changed.",
                "Indiquez quelle évaluation précédente n'est pas ce fournisseur : rien n'a été changé."), problem: true);
        }
        var key = EarlierAssessmentLink.KeyOf(earlierProcurementId, earlierAssessmentId);
        today.DismissEarlierAssessment(key);
        if (!await SavedAsync(stored, audit.Note(procurementId, http.User.UserId(), "earlier assessment dismissed", today.Id, key), ct))
        {
            return Done(http, procurementId, Changed(today), problem: true);
        }
        return Done(http, procurementId, T($"Noted: that earlier assessment is not {today.SupplierName}'s; it is no longer offered.",
            $"C'est noté : cette évaluation précédente n'est pas celle de {today.SupplierName} ; elle n'est plus proposée."));
    }
}
