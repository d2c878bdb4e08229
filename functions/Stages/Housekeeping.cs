using SupplierAssessment.Adapters.Email;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Functions.Api;

namespace SupplierAssessment.Functions.Stages;

/// <summary>
/// The timer: moves the links left behind their procurement's due date (a due-date change cut short), expires
/// assessments whose link ran out (after the due day, in the procurement's zone), and reminds
/// suppliers who have not submitted 7 days and 1 day before their due date, with their working link (issue 10); then
/// reports the emails claimed and never marked sent, and the poison queues that hold messages.
/// </summary>
public sealed class Housekeeping(
    AssessmentStore assessments, ProcurementStore procurements, SupplierActions suppliers, NotificationLog notifications, AuditTrail audit,
    StageQueues queues, TimeProvider time, ILogger<Housekeeping> logger)
{
    /// <summary>
    /// One run over the open assessments; a supplier who saved meanwhile is left for the next run (each reminder's key
    /// names its due date and day, so it is never sent twice; one not sent now is sent again by the dispatcher). Ends by logging the
    /// emails whose sender died before marking them sent.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (expired, reminded, changed, notSent) = (0, 0, 0, 0);
        var procurementsById = new Dictionary<string, Procurement?>(StringComparer.Ordinal);
        var linksMoved = 0;
        // Expired ones too: a due date moved later reopens them, and one left behind by a change cut short is caught up here.
        foreach (var stored in await assessments.ListOpenOrExpiredAsync(cancellationToken))
        {
            var assessment = stored.Assessment;
            try
            {
                if (!procurementsById.TryGetValue(assessment.ProcurementId, out var procurement))
                {
                    procurement = procurementsById[assessment.ProcurementId] =
                        await procurements.FindAsync(stored.OwnerId, assessment.ProcurementId, cancellationToken);
                }
                // A due date saved while moving its links was cut short (the process died): the links follow it now.
                if (procurement is not null && (await suppliers.MoveLinkAsync(procurement, stored, "system", auditEach: true, cancellationToken)).Moved)
                {
                    linksMoved++;
                    continue;
                }
                if (assessment.ExpireIfDue(now))
                {
                    await assessments.SaveAsync(assessment, stored.OwnerId, stored.ETag, cancellationToken,
                        audit: audit.Note(assessment.ProcurementId, "system", "expired", assessment.Id));
                    expired++;
                    continue;
                }
                if (procurement is null || assessment.ReminderDue(now) is not { } days)
                {
                    continue;
                }
                // Recorded with its email's follow-up first: a reminder SendGrid refuses now is sent again by the
                // dispatcher, never by the next run.
                if (await suppliers.RemindDueAsync(procurement, stored, days, cancellationToken) == EmailOutcome.Sent)
                {
                    reminded++;
                }
                else
                {
                    notSent++;
                }
            }
            catch (StaleWriteException)
            {
                // The supplier saved meanwhile: the others are still tended, and the next run looks at this one again.
                changed++;
            }
        }
        logger.LogInformation("Housekeeping: {Moved} links moved to their due date, {Expired} expired, {Reminded} reminded, {Changed} changed meanwhile, {NotSent} reminders not sent now (left to the dispatcher)",
            linksMoved, expired, reminded, changed, notSent);
        foreach (var (procurementId, key, claimedAt) in await notifications.ListStuckAsync(cancellationToken))
        {
            // A sender died after claiming: the email's next delivery sends it (docs/operations.md, "Emails stuck in sending").
            logger.LogWarning("Email {Key} of procurement {ProcurementId} is claimed since {ClaimedAt:O} and not marked sent", key, procurementId, claimedAt);
        }
        foreach (var (queue, count) in await queues.PoisonedAsync(cancellationToken))
        {
            // Nothing comes out of a poison queue by itself: an operator inspects, replays or clears it (docs/operations.md).
            logger.LogWarning("Messages wait in {Queue} (about {Count}) for an operator to replay or clear them (docs/operations.md, \"Poison messages\")", queue, count);
        }
    }
}
