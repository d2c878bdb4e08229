using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace SupplierAssessment.Adapters.Email;

/// <summary>
/// Sends through SendGrid's v3 API with the official client. It does not retry by itself: a retryable
/// <see cref="MailDeliveryException"/> fails the queue invocation, and the queue delivers the message again.
/// </summary>
public sealed class SendGridMailer : IMailer
{
    /// <summary>The name of the <see cref="HttpClient"/> registered for SendGrid.</summary>
    public const string HttpClientName = "SendGrid";

    /// <summary>The custom arg carrying <see cref="EmailMessage.IdempotencyKey"/>.</summary>
    public const string IdempotencyKeyArg = "idempotencyKey";

    /// <summary>The mail header carrying <see cref="EmailMessage.IdempotencyKey"/> to the recipient's mail system.</summary>
    public const string IdempotencyHeader = "X-Idempotency-Key";

    private const int MaxErrorDetail = 300;

    private readonly SendGridClient _client;
    private readonly EmailAddress _from;
    private readonly ILogger<SendGridMailer> _logger;

    public SendGridMailer(HttpClient httpClient, IOptions<EmailOptions> options, ILogger<SendGridMailer> logger)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.SendGridApiKey))
        {
            throw new InvalidOperationException("Email:SendGridApiKey is empty: without a key the local outbox is the mailer.");
        }
        var clientOptions = new SendGridClientOptions { ApiKey = settings.SendGridApiKey };
        if (!string.IsNullOrWhiteSpace(settings.SendGridHost))
        {
            clientOptions.Host = settings.SendGridHost;
        }
        _client = new SendGridClient(httpClient, clientOptions);
        _from = new EmailAddress(settings.FromAddress, settings.FromName);
        _logger = logger;
    }

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var domain = Domain(message.To);
        Response response;
        try
        {
            response = await _client.SendEmailAsync(Build(message), cancellationToken);
        }
        catch (HttpRequestException e)
        {
            _logger.LogWarning("SendGrid unreachable for {IdempotencyKey} to {Domain}: {Error}", message.IdempotencyKey, domain, e.HttpRequestError);
            throw new MailDeliveryException($"SendGrid could not be reached ({e.HttpRequestError}).", null, retryable: true, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("SendGrid timed out for {IdempotencyKey} to {Domain}", message.IdempotencyKey, domain);
            throw new MailDeliveryException("SendGrid did not answer in time.", null, retryable: true, e);
        }

        var status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            _logger.LogInformation("Sent {IdempotencyKey} to {Domain}", message.IdempotencyKey, domain);
            return;
        }
        var retryable = MailDeliveryException.IsRetryableStatus(status);
        var detail = await ErrorDetailAsync(response, cancellationToken);
        _logger.LogWarning("SendGrid refused {IdempotencyKey} to {Domain} with {Status} (retryable: {Retryable})",
            message.IdempotencyKey, domain, status, retryable);
        throw new MailDeliveryException($"SendGrid answered {status} {response.StatusCode}{detail}.", status, retryable);
    }

    private SendGridMessage Build(EmailMessage message)
    {
        var mail = new SendGridMessage
        {
            From = _from,
            Subject = message.Subject,
            PlainTextContent = message.Text,
            HtmlContent = message.Html,
            CustomArgs = new Dictionary<string, string> { [IdempotencyKeyArg] = message.IdempotencyKey },
            // The same key in the mail itself: an email sent again after a sender died is recognisable as the same one.
            Headers = new Dictionary<string, string> { [IdempotencyHeader] = message.IdempotencyKey },
        };
        mail.AddTo(new EmailAddress(message.To, string.IsNullOrWhiteSpace(message.ToName) ? null : message.ToName));
        foreach (var attachment in message.Attachments ?? [])
        {
            mail.AddAttachment(attachment.FileName, Convert.ToBase64String(attachment.Content), attachment.ContentType);
        }
        return mail;
    }

    /// <summary>The recipient's domain: the only part of an address that goes into a log line.</summary>
    internal static string Domain(string address)
    {
        var at = address.LastIndexOf('@');
        return at >= 0 && at < address.Length - 1 ? address[(at + 1)..].Trim().ToLowerInvariant() : "(no domain)";
    }

    /// <summary>SendGrid's own reasons (<c>{"errors":[{"message":…}]}</c>), short, for the exception message.</summary>
    private static async Task<string> ErrorDetailAsync(Response response, CancellationToken cancellationToken)
    {
        if (response.Body is null)
        {
            return "";
        }
        try
        {
            var body = await response.Body.ReadAsStringAsync(cancellationToken);
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object
                || !json.RootElement.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array)
            {
                return "";
            }
            var reasons = errors.EnumerateArray()
                .Select(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null)
                .OfType<string>()
                .ToArray();
            var text = string.Join("; ", reasons);
            return text.Length == 0 ? "" : ": " + (text.Length > MaxErrorDetail ? text[..MaxErrorDetail] + "…" : text);
        }
        catch (Exception e) when (e is JsonException or HttpRequestException or IOException)
        {
            return "";
        }
        finally
        {
            response.Body.Dispose();
        }
    }
}
