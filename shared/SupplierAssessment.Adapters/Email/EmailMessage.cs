namespace SupplierAssessment.Adapters.Email;

/// <summary>A file sent with an email (a report PDF, a CSV export).</summary>
public sealed record EmailAttachment(string FileName, string ContentType, byte[] Content);

/// <summary>
/// One email to one recipient. <paramref name="IdempotencyKey"/> names the logical notification
/// (e.g. <c>report:{assessmentId}:v2</c>); it travels with the mail so that a replay can be recognised.
/// The subject and the recipient's name are kept to one line: every control character (CR, LF, TAB…) becomes a space,
/// so that no name stored before names were checked can add a mail header (issue 13).
/// </summary>
public sealed record EmailMessage(
    string To,
    string? ToName,
    string Subject,
    string Html,
    string Text,
    string IdempotencyKey,
    IReadOnlyList<EmailAttachment>? Attachments = null)
{
    private readonly string _subject = OneLine(Subject);
    private readonly string? _toName = ToName is null ? null : OneLine(ToName);

    /// <summary>The subject on one line (also when set with <c>with</c>).</summary>
    public string Subject { get => _subject; init => _subject = OneLine(value); }

    /// <summary>The recipient's display name on one line, or null.</summary>
    public string? ToName { get => _toName; init => _toName = value is null ? null : OneLine(value); }

    private static string OneLine(string text) => string.Create(text.Length, text, (span, t) =>
    {
        for (var i = 0; i < t.Length; i++)
        {
            span[i] = char.IsControl(t[i]) ? ' ' : t[i];
        }
    });
}

/// <summary>Sends email: through SendGrid, or into the local outbox when no API key is configured.</summary>
public interface IMailer
{
    /// <exception cref="MailDeliveryException">The mail was not accepted; <see cref="MailDeliveryException.Retryable"/> says whether trying again can help.</exception>
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
