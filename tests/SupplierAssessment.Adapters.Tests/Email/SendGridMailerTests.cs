using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using SupplierAssessment.Adapters.Email;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Adapters.Tests.Email;

/// <summary>The real SendGrid client, over real HTTP, to a loopback capture server (one per test).</summary>
public sealed class SendGridMailerTests : IAsyncLifetime
{
    private const string ApiKey = "SG.test-key-123";
    private readonly SendGridCaptureServer _sendGrid = new();
    private readonly HttpClient _http = new();

    public Task InitializeAsync() => _sendGrid.InitializeAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _sendGrid.DisposeAsync();
    }

    private SendGridMailer Mailer(ListLogger<SendGridMailer>? logger = null) =>
        new(_http, Mails.Options(ApiKey, _sendGrid.BaseAddress), logger ?? new ListLogger<SendGridMailer>());

    [Fact]
    public async Task Sends_the_v3_payload_with_content_attachments_idempotency_key_and_bearer_key()
    {
        var pdf = new byte[] { 0x25, 0x50, 0x44, 0x46, 0x00, 0xFF };
        var csv = Encoding.UTF8.GetBytes("pa,level\nPA01,2\n");
        await Mailer().SendAsync(Mails.Report("report:a1:v2",
            new EmailAttachment("report.pdf", "application/pdf", pdf),
            new EmailAttachment("grid.csv", "text/csv", csv)), CancellationToken.None);

        var mail = Assert.Single(_sendGrid.Mails);
        var body = mail.Body;
        Assert.Equal($"Bearer {ApiKey}", mail.Authorization);
        Assert.Equal("pm@buyer.example", (string?)body["personalizations"]![0]!["to"]![0]!["email"]);
        Assert.Equal("Pat Manager", (string?)body["personalizations"]![0]!["to"]![0]!["name"]);
        Assert.Equal("reports@buyer.example", (string?)body["from"]!["email"]);
        Assert.Equal("Buyer Reports", (string?)body["from"]!["name"]);
        Assert.Equal("Gap report: Strong Hosting", (string?)body["subject"]);
        // SendGrid requires text/plain before text/html.
        var content = body["content"]!.AsArray();
        Assert.Equal(["text/plain", "text/html"], content.Select(c => (string?)c!["type"]));
        Assert.Equal(["Report ready", "<p>Report <strong>ready</strong></p>"], content.Select(c => (string?)c!["value"]));
        var attachments = body["attachments"]!.AsArray();
        Assert.Equal(["report.pdf", "grid.csv"], attachments.Select(a => (string?)a!["filename"]));
        Assert.Equal(["application/pdf", "text/csv"], attachments.Select(a => (string?)a!["type"]));
        Assert.Equal(pdf, Convert.FromBase64String((string)attachments[0]!["content"]!));
        Assert.Equal(csv, Convert.FromBase64String((string)attachments[1]!["content"]!));
        Assert.Equal("report:a1:v2", (string?)body["custom_args"]!["idempotencyKey"]);
        Assert.Equal("report:a1:v2", (string?)body["headers"]!["X-Idempotency-Key"]);
        // and the capture server's accessors read the same payload
        Assert.Equal(("pm@buyer.example", "Gap report: Strong Hosting", "report:a1:v2"), (mail.To, mail.Subject, mail.IdempotencyKey));
        Assert.Equal(("Report ready", "<p>Report <strong>ready</strong></p>"), (mail.Text, mail.Html));
    }

    [Fact]
    public async Task A_subject_or_name_with_line_breaks_is_sent_on_one_line_and_adds_no_header()
    {
        await Mailer().SendAsync(Mails.Report() with { Subject = "Invitation: Portal\r\nBcc: everyone@example.org", ToName = "Pat\nManager" }, CancellationToken.None);

        var mail = Assert.Single(_sendGrid.Mails);
        Assert.Equal("Invitation: Portal  Bcc: everyone@example.org", (string?)mail.Body["subject"]);
        Assert.Equal("Pat Manager", (string?)mail.Body["personalizations"]![0]!["to"]![0]!["name"]);
    }

    [Fact]
    public async Task A_recipient_without_a_name_is_sent_as_an_address_only()
    {
        await Mailer().SendAsync(Mails.Report() with { ToName = null }, CancellationToken.None);

        var to = Assert.Single(_sendGrid.Mails).Body["personalizations"]![0]!["to"]![0]!.AsObject();
        Assert.Equal("pm@buyer.example", (string?)to["email"]);
        Assert.False(to.ContainsKey("name"));
    }

    [Theory]
    [InlineData(500, true)]  // SendGrid's own failure: try again later
    [InlineData(503, true)]  // unavailable
    [InlineData(429, true)]  // throttled
    [InlineData(400, false)] // the payload is wrong: the same request fails again
    [InlineData(401, false)] // bad API key: retrying does not fix configuration
    [InlineData(403, false)] // sender not verified
    public async Task Error_status_becomes_a_delivery_failure_that_says_whether_to_retry(int status, bool retryable)
    {
        _sendGrid.FailNext(1, status);

        var failure = await Assert.ThrowsAsync<MailDeliveryException>(() => Mailer().SendAsync(Mails.Report(), CancellationToken.None));

        Assert.Equal(retryable, failure.Retryable);
        Assert.Equal(status, failure.StatusCode);
        Assert.Contains("Failure forced by the test", failure.Message); // SendGrid's reason is kept
        Assert.Empty(_sendGrid.Mails);
    }

    [Fact]
    public async Task Unreachable_server_is_a_retryable_failure_without_status()
    {
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there any more
        var mailer = new SendGridMailer(_http, Mails.Options(ApiKey, new Uri($"http://127.0.0.1:{port}")), NullLogger<SendGridMailer>.Instance);

        var failure = await Assert.ThrowsAsync<MailDeliveryException>(() => mailer.SendAsync(Mails.Report(), CancellationToken.None));

        Assert.True(failure.Retryable);
        Assert.Null(failure.StatusCode);
        Assert.IsType<HttpRequestException>(failure.InnerException);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_a_delivery_failure()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => Mailer().SendAsync(Mails.Report(), cancelled.Token));

        Assert.IsAssignableFrom<OperationCanceledException>(thrown);
    }

    [Fact]
    public async Task Logs_the_key_and_recipient_domain_but_never_the_body_address_or_api_key()
    {
        var logger = new ListLogger<SendGridMailer>();
        var message = Mails.Report("report:a9:v1") with { Html = "<p>secret-html-answer</p>", Text = "secret-text-answer" };
        await Mailer(logger).SendAsync(message, CancellationToken.None);
        _sendGrid.FailNext(1, 500);
        await Assert.ThrowsAsync<MailDeliveryException>(() => Mailer(logger).SendAsync(message, CancellationToken.None));

        Assert.Equal(2, logger.Lines.Count);
        Assert.Contains("Sent report:a9:v1 to buyer.example", logger.Lines[0]);
        Assert.All(logger.Lines, line =>
        {
            Assert.Contains("buyer.example", line);
            Assert.DoesNotContain("secret-", line);
            Assert.DoesNotContain("pm@", line);
            Assert.DoesNotContain(ApiKey, line);
        });
    }

    [Fact]
    public void Needs_an_api_key()
    {
        Assert.Throws<InvalidOperationException>(() => new SendGridMailer(_http, Mails.Options(apiKey: " "), NullLogger<SendGridMailer>.Instance));
    }
}
