using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using SupplierAssessment.Adapters.Email;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Adapters.Tests.Email;

/// <summary>The capture server other tests rely on: its failures, waits and shutdown must be trustworthy.</summary>
public sealed class SendGridCaptureServerTests
{
    private static SendGridMailer Mailer(HttpClient http, SendGridCaptureServer server) =>
        new(http, Mails.Options("SG.key", server.BaseAddress), NullLogger<SendGridMailer>.Instance);

    [Fact]
    public async Task FailNext_fails_exactly_that_many_requests_then_accepts_again()
    {
        await using var server = await SendGridCaptureServer.StartAsync();
        using var http = new HttpClient();
        server.FailNext(2, 503);

        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<MailDeliveryException>(() => Mailer(http, server).SendAsync(Mails.Report(), CancellationToken.None));
        }
        await Mailer(http, server).SendAsync(Mails.Report(), CancellationToken.None);

        Assert.Equal(2, server.Refused.Count);
        Assert.Equal("report:a1:v1", Assert.Single(server.Mails).IdempotencyKey);
    }

    [Fact]
    public async Task WaitForMailAsync_completes_when_a_matching_mail_arrives_later()
    {
        await using var server = await SendGridCaptureServer.StartAsync();
        using var http = new HttpClient();
        var waiting = server.WaitForMailAsync(m => m.IdempotencyKey == "report:b2:v1", TimeSpan.FromSeconds(10));
        Assert.False(waiting.IsCompleted);

        await Mailer(http, server).SendAsync(Mails.Report("report:other:v1"), CancellationToken.None);
        await Mailer(http, server).SendAsync(Mails.Report("report:b2:v1"), CancellationToken.None);

        Assert.Equal("report:b2:v1", (await waiting).IdempotencyKey);
    }

    [Fact]
    public async Task WaitForKeys_completes_each_key_with_its_first_mail_arrived_before_or_after()
    {
        await using var server = await SendGridCaptureServer.StartAsync();
        using var http = new HttpClient();
        await Mailer(http, server).SendAsync(Mails.Report("report:d1:v1"), CancellationToken.None);

        var waits = server.WaitForKeys(["report:d1:v1", "report:d2:v1", "report:d3:v1"]);
        Assert.True(waits["report:d1:v1"].IsCompletedSuccessfully);
        Assert.False(waits["report:d2:v1"].IsCompleted);
        await Mailer(http, server).SendAsync(Mails.Report("report:other:v1"), CancellationToken.None);
        await Mailer(http, server).SendAsync(Mails.Report("report:d2:v1"), CancellationToken.None);

        Assert.Equal("report:d2:v1", (await waits["report:d2:v1"].WaitAsync(TimeSpan.FromSeconds(10))).IdempotencyKey);
        Assert.False(waits["report:d3:v1"].IsCompleted);
        await server.DisposeAsync();
        Assert.True(waits["report:d3:v1"].IsCanceled);
    }

    [Fact]
    public async Task WaitForMailAsync_times_out_listing_what_arrived()
    {
        await using var server = await SendGridCaptureServer.StartAsync();
        using var http = new HttpClient();
        await Mailer(http, server).SendAsync(Mails.Report("invitation:c3:ab12"), CancellationToken.None);

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => server.WaitForMailAsync(m => m.IdempotencyKey == "report:c3:v1", TimeSpan.FromMilliseconds(200)));

        Assert.Contains("invitation:c3:ab12", timeout.Message);
        Assert.Contains("pm@buyer.example", timeout.Message);
    }

    [Fact]
    public async Task Requests_without_a_bearer_key_are_refused_like_SendGrid_does()
    {
        await using var server = await SendGridCaptureServer.StartAsync();
        using var http = new HttpClient();
        using var content = new StringContent("""{"subject":"x"}""", Encoding.UTF8, "application/json");

        var response = await http.PostAsync(new Uri(server.BaseAddress, "v3/mail/send"), content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(server.Mails);
    }

    [Fact]
    public async Task Stops_listening_when_disposed()
    {
        var server = await SendGridCaptureServer.StartAsync();
        var address = server.BaseAddress;
        await server.DisposeAsync();
        using var http = new HttpClient();

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(address));
    }
}
