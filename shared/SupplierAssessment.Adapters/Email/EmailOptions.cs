namespace SupplierAssessment.Adapters.Email;

/// <summary>Email settings (section "Email"). With no SendGrid API key, mail goes to the local outbox.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>The SendGrid API key (a secret: app settings / Key Vault reference, never in the repo or a log).</summary>
    public string? SendGridApiKey { get; set; }

    /// <summary>Where the SendGrid API lives; null means SendGrid's own. Tests point it at a loopback capture server.</summary>
    public string? SendGridHost { get; set; }

    public string FromAddress { get; set; } = "no-reply@supplierassessment.local";

    public string FromName { get; set; } = "SupplierAssessment";

    /// <summary>The local outbox folder, relative to the current directory unless absolute.</summary>
    public string OutboxPath { get; set; } = ".outbox";

    /// <summary>
    /// How long a claim to send an email holds (NotificationLog): a claim older than this, not marked sent, was left by a
    /// sender that died, and the next delivery sends the email again. Longer than a SendGrid call can take.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    public bool UsesSendGrid => !string.IsNullOrWhiteSpace(SendGridApiKey);
}
