using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain.Assessments;

namespace SupplierAssessment.Functions.Stages;

/// <summary>
/// A project manager changes a procurement's active alert level (API and page alike): saved (ETag-checked), audited,
/// and every reported supplier whose latest report was not measured at the new level gets a new report version,
/// emailed as usual. Applying the level the procurement already has requests the versions still missing — the retry
/// of a change whose report requests were lost (issue 13) — and changes nothing else.
/// </summary>
public sealed class AlertLevelChange(
    ProcurementStore procurements, AssessmentStore assessments, StageQueues queues, AuditTrail audit, ILogger<AlertLevelChange> logger)
{
    /// <summary>
    /// Applies <paramref name="level"/> (an alert level of the procurement's profile). Returns how many report versions
    /// were requested, and how many requests the queue refused (logged; applying the same level again requests them).
    /// </summary>
    /// <exception cref="StaleWriteException">The procurement changed since it was read (412).</exception>
    public async Task<(int Requested, int NotRequested)> ApplyAsync(Procurement procurement, string level, string userId, CancellationToken ct)
    {
        var previous = procurement.ActiveAlertLevel;
        if (level != previous)
        {
            procurement.ChangeAlertLevel(AssessmentLoader.ProfileOf(procurement), level);
            await procurements.SaveAsync(procurement, ct);
            await audit.RecordAsync(procurement.Id, userId, "alert level changed", details: $"{previous} → {level}", cancellationToken: ct);
        }
        var (requested, notRequested) = (0, 0);
        foreach (var stored in await assessments.ListAsync(procurement.Id, ct))
        {
            var a = stored.Assessment;
            // A withdrawn supplier is no longer a bidder: its last report stays as it was.
            if (a.ReportVersion > 0 && a.State != AssessmentState.Withdrawn && a.ReportAlertLevel != level && (a.ReportAlertLevel is not null || level != previous))
            {
                try
                {
                    await queues.SendAsync(StageQueues.ReportRequested,
                        new StageMessage(a.ProcurementId, a.Id, a.ReportVersion + 1, a.State == AssessmentState.Final), ct);
                    requested++;
                }
                catch (Exception e) when (e is Azure.RequestFailedException or HttpRequestException or AggregateException)
                {
                    logger.LogWarning("The report request of {AssessmentId} at alert level {AlertLevel} was not sent ({Error}); applying the level again sends it", a.Id, level, e.Message);
                    notRequested++;
                }
            }
        }
        return (requested, notRequested);
    }
}
