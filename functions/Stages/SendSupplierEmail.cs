using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Functions.Api;

namespace SupplierAssessment.Functions.Stages;

/// <summary>
/// Sends a supplier email whose follow-up the dispatcher sent again (<see cref="StageQueues.SupplierEmail"/>): the
/// request that stored it could not send it (SendGrid unreachable, the process gone after the commit). Once per key
/// (<see cref="SupplierMail.DeliverAsync"/>); an email made obsolete meanwhile is settled unsent (issue 13).
/// </summary>
public sealed class SendSupplierEmail(AssessmentStore assessments, ProcurementStore procurements, SupplierMail mail, StageOutbox outbox,
    StageQueues queues, ILogger<SendSupplierEmail> logger)
{
    /// <summary>Handles one queue message; throws (to be retried) when storage fails or SendGrid refuses for now.</summary>
    public async Task HandleAsync(string messageText, CancellationToken cancellationToken)
    {
        if (StageMessage.TryParse(messageText) is not { Email: { } key } message)
        {
            await queues.KeepUnreadableAsync(StageQueues.SupplierEmail, messageText, nameof(SendSupplierEmail), "it names no email", cancellationToken);
            return;
        }
        if (await assessments.FindAsync(message.ProcurementId, message.AssessmentId, cancellationToken) is not { } stored
            || await procurements.FindAsync(stored.OwnerId, message.ProcurementId, cancellationToken) is not { } procurement)
        {
            logger.LogError("Dropped email {Key}: its assessment or procurement is gone", key);
            await outbox.SettleAsync(message.ProcurementId, message.Outbox, cancellationToken);
            return;
        }
        SupplierMail.Delivery delivery;
        try
        {
            delivery = await mail.DeliverAsync(procurement, stored.Assessment, key, message.Outbox, message.Actor ?? "system", cancellationToken);
        }
        catch (EmailClaimHeldException held)
        {
            await queues.ComeBackWhenClaimLapsesAsync(StageQueues.SupplierEmail, messageText, held, cancellationToken);
            return;
        }
        logger.LogInformation("Email {Key}: {Delivery}", key, delivery);
    }
}
