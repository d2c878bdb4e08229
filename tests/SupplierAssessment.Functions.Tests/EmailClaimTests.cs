using System.Net;
using Azure.Storage.Queues;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Functions.Stages;

namespace SupplierAssessment.Functions.Tests;

/// <summary>
/// The whole app with an email claim (8 s) that outlasts every delivery the queue makes of a failing message (5, 1 s
/// apart): as host.json's 2-minute claim against 5 deliveries 30 s apart, with the margin gone.
/// </summary>
public sealed class LongClaimApp : PipelineApp
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string> { ["Email:ClaimLease"] = "00:00:08" };
}

/// <summary>
/// An email claimed by a sender that died before sending it (issue 13, found by a fresh-user trial: a report email came
/// within a second of the poison queue): its message waits for the claim to lapse instead of failing each delivery.
/// </summary>
public class EmailClaimTests(LongClaimApp app) : IClassFixture<LongClaimApp>
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task A_report_email_left_claimed_by_a_dead_sender_is_sent_once_when_the_claim_lapses_and_never_reaches_poison()
    {
        var (procurementId, assessmentId, supplier) = await app.AnsweredAsync("Claimed Hosting");

        // A sender claimed the report email and was killed before SendGrid saw it.
        var key = $"report:{assessmentId}:v1";
        var claimedAt = DateTimeOffset.UtcNow;
        Assert.Equal(NotificationLog.Claim.Claimed, await app.Services.GetRequiredService<NotificationLog>().TryClaimAsync(procurementId, key));
        Assert.Equal(HttpStatusCode.Accepted, (await supplier.SubmitAsync()).StatusCode);

        var mail = await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == key, TimeSpan.FromSeconds(40));
        Assert.True(mail.ReceivedAt >= claimedAt + Lease, $"sent at {mail.ReceivedAt:O}, before the claim of {claimedAt:O} lapsed");
        Assert.Contains(app.Log.Lines, l => l.Contains($"Email {key} is claimed by another delivery", StringComparison.Ordinal));
        Assert.Contains(app.Log.Lines, l => l.Contains($"Email {key}: the claim taken at", StringComparison.Ordinal) && l.Contains("(attempt 2)", StringComparison.Ordinal));
        await Task.Delay(TimeSpan.FromSeconds(2)); // a second copy would come now
        Assert.Single(app.Mail.Mails, m => m.IdempotencyKey == key);

        var poison = new QueueClient(app.Azurite.ConnectionString, StageQueues.ReportReady + "-poison");
        if (await poison.ExistsAsync())
        {
            Assert.Empty((await poison.PeekMessagesAsync(32)).Value);
        }
    }
}
