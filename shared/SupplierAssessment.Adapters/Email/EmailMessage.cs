namespace SupplierAssessment.Adapters.Email;

/// <summary>A file sent with an email (a report PDF, a CSV export).</summary>
public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>
/// One email to one recipient. <paramref name="IdempotencyKey"/> names the logical notification
/// (e.g. <c>report:{assessmentId}:v2</c>); it travels with the mail so that a replay can be recognised.
/// </summary>
public sealed record EmailMessage(
    string To,
    string? ToName,
    string Subject,
    string Html,
    string Text,
    string IdempotencyKey,
    IReadOnlyList<EmailAttachment>? Attachments = null);

/// <summary>Sends email: through SendGrid, or into the local outbox when no API key is configured.</summary>
public interface IMailer
{
    /// <exception cref="MailDeliveryException">The mail was not accepted; <see cref="MailDeliveryException.Retryable"/> says whether trying again can help.</exception>
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
