using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain.Assessments;

namespace SupplierAssessment.Functions.Stages;

/// <summary>
/// A project manager changes a procurement's active alert level (API and page alike): saved, audited, and every
/// reported supplier gets a new report version measured at the new level, emailed as usual.
/// </summary>
public sealed class AlertLevelChange(ProcurementStore procurements, AssessmentStore assessments, StageQueues queues, AuditTrail audit)
{
    /// <summary>Applies <paramref name="level"/> (an alert level of the procurement's profile); returns how many reports are recomputed.</summary>
    public async Task<int> ApplyAsync(Procurement procurement, string level, string userId, CancellationToken ct)
    {
        var previous = procurement.ActiveAlertLevel;
        procurement.ChangeAlertLevel(AssessmentLoader.ProfileOf(procurement), level);
        await procurements.SaveAsync(procurement, ct);
        await audit.RecordAsync(procurement.Id, userId, "alert level changed", details: $"{previous} → {level}", cancellationToken: ct);
        if (level == previous)
        {
            return 0;
        }
        var recomputed = 0;
        foreach (var stored in await assessments.ListAsync(procurement.Id, ct))
        {
            var a = stored.Assessment;
            if (a.ReportVersion > 0)
            {
                await queues.SendAsync(StageQueues.ReportRequested,
                    new StageMessage(a.ProcurementId, a.Id, a.ReportVersion + 1, a.State == AssessmentState.Final), ct);
                recomputed++;
            }
        }
        return recomputed;
    }
}
