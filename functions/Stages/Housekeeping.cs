using SupplierAssessment.Adapters.Email;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain.Assessments;

namespace SupplierAssessment.Functions.Stages;

/// <summary>The timer: expires assessments whose link ran out, and reminds suppliers who have not submitted.</summary>
public sealed class Housekeeping(
    AssessmentStore assessments, NotificationLog notifications, IMailer mailer, AuditTrail audit, TimeProvider time,
    IConfiguration configuration, ILogger<Housekeeping> logger)
{
    private TimeSpan ReminderEvery => configuration.GetValue("Housekeeping:ReminderEvery", TimeSpan.FromDays(7));

    /// <summary>
    /// One run over the open assessments; a supplier who saved meanwhile, or a reminder another run is sending, is left
    /// for the next run. Ends by logging the emails whose sender died before marking them sent.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (expired, reminded, changed) = (0, 0, 0);
        foreach (var stored in await assessments.ListOpenAsync(cancellationToken))
        {
            var assessment = stored.Assessment;
            try
            {
                if (assessment.ExpireIfDue(now))
                {
                    await assessments.SaveAsync(assessment, stored.OwnerId, stored.ETag, cancellationToken);
                    await audit.RecordAsync(assessment.ProcurementId, "system", "expired", assessment.Id, cancellationToken: cancellationToken);
                    expired++;
                }
                else if (assessment.IsDueForReminder(now, ReminderEvery))
                {
                    var key = $"reminder:{assessment.Id}:{now:yyyy-MM-dd}";
                    var reminder = Reminder(assessment, key, now);
                    await notifications.SendOnceAsync(assessment.ProcurementId, key, ct => mailer.SendAsync(reminder, ct), cancellationToken);
                    assessment.RecordReminder(now);
                    await assessments.SaveAsync(assessment, stored.OwnerId, stored.ETag, cancellationToken);
                    reminded++;
                }
            }
            catch (Exception e) when (e is StaleWriteException or EmailClaimHeldException)
            {
                // The supplier saved meanwhile: the others are still tended, and the next run looks at this one again
                // (a reminder already sent today is not sent twice).
                changed++;
            }
        }
        logger.LogInformation("Housekeeping: {Expired} expired, {Reminded} reminded, {Changed} changed meanwhile", expired, reminded, changed);
        foreach (var (procurementId, key, claimedAt) in await notifications.ListStuckAsync(cancellationToken))
        {
            // A sender died after claiming: the email's next delivery sends it (docs/operations.md, "Emails stuck in sending").
            logger.LogWarning("Email {Key} of procurement {ProcurementId} is claimed since {ClaimedAt:O} and not marked sent", key, procurementId, claimedAt);
        }
    }

    /// <summary>Only the link's hash is stored, so the reminder points back to the invitation (or to asking for a new link).</summary>
    private static EmailMessage Reminder(Assessment assessment, string key, DateTimeOffset now)
    {
        var days = Math.Max(0, (int)(assessment.LinkExpiresAt - now).TotalDays);
        var (subject, html, text) = SupplierEmails.Reminder(days, assessment.SupplierLanguage);
        return new EmailMessage(assessment.SupplierEmail, null, subject, html, text, key);
    }
}
