using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain.Assessments;

namespace SupplierAssessment.Functions.Stages;

/// <summary>
/// A project manager changes a procurement's active alert level (API and page alike): saved (ETag-checked), audited,
/// and every reported supplier whose latest report was not measured at the new level gets a new report version,
/// emailed as usual. The report requests are stored in the stage outbox before they are sent (ADR-005), so that a queue
/// outage only delays them: the dispatcher timer sends them once the queue is back. Applying the level the procurement
/// already has requests the versions still missing at once — the retry of a change whose report requests were not
/// sent (issue 13) — and changes nothing else.
/// </summary>
public sealed class AlertLevelChange(
    ProcurementStore procurements, AssessmentStore assessments, StageQueues queues, StageOutbox outbox, AuditTrail audit, TimeProvider time,
    ILogger<AlertLevelChange> logger)
{
    /// <summary>
    /// Applies <paramref name="level"/> (an alert level of the procurement's profile). Returns how many report versions
    /// were requested, and how many requests were stored but not sent (the queue refused; logged): the dispatcher sends
    /// them within <c>Outbox:RedispatchAfter</c> plus a minute of the queue's return, and applying the same level again
    /// sends them at once. A stale versioned message is harmless: report version N is written once.
    /// </summary>
    /// <exception cref="StaleWriteException">The procurement changed since it was read (412).</exception>
    public async Task<(int Requested, int NotRequested)> ApplyAsync(Procurement procurement, string level, string userId, CancellationToken ct)
    {
        var previous = procurement.ActiveAlertLevel;
        if (level != previous)
        {
            procurement.ChangeAlertLevel(AssessmentLoader.ProfileOf(procurement), level);
            await procurements.SaveAsync(procurement, ct, [audit.Note(procurement.Id, userId, "alert level changed", details: $"{previous} → {level}")]);
        }
        // The report requests go through the stage outbox (ADR-005): stored first, then sent; what the queue refuses
        // now, the dispatcher sends later, and applying the same level again sends it at once too.
        var followUps = new List<FollowUp>();
        foreach (var stored in await assessments.ListAsync(procurement.Id, ct))
        {
            var a = stored.Assessment;
            // A withdrawn supplier is no longer a bidder: its last report stays as it was.
            if (a.ReportVersion > 0 && a.State != AssessmentState.Withdrawn && a.ReportAlertLevel != level && (a.ReportAlertLevel is not null || level != previous))
            {
                followUps.Add(queues.FollowUp(StageQueues.ReportRequested,
                    new StageMessage(a.ProcurementId, a.Id, a.ReportVersion + 1, a.State == AssessmentState.Final)));
            }
        }
        await outbox.AddAsync(procurement.Id, followUps, time.GetUtcNow(), ct);
        var (requested, notRequested) = (0, 0);
        foreach (var followUp in followUps)
        {
            // Once the queue refused one, the others wait for the dispatcher: the user does not wait out a refusal each.
            if (notRequested == 0 && await queues.DispatchAsync(followUp, ct))
            {
                requested++;
            }
            else
            {
                notRequested++;
            }
        }
        if (notRequested > 0)
        {
            logger.LogWarning("{NotRequested} report requests of procurement {ProcurementId} at alert level {AlertLevel} were not sent; they are stored, the dispatcher sends them",
                notRequested, procurement.Id, level);
        }
        return (requested, notRequested);
    }
}
