using Azure.Data.Tables;
using Microsoft.Extensions.Time.Testing;
using SupplierAssessment.Adapters.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SupplierAssessment.Adapters.Email;

namespace SupplierAssessment.Adapters.Tests.Storage;

/// <summary>Each email at most once across replays, on a real Azurite: claim before sending, release if refused.</summary>
public class NotificationLogTests : IAsyncLifetime
{
    private const string Procurement = "proc-1";
    private const string Key = "report:a1:v1";
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private StorageAccount _account = null!;
    private NotificationLog _log = null!;
    private readonly FakeTimeProvider _time = new(Now);
    private int _sent;

    public async Task InitializeAsync()
    {
        var services = await StorageServices.CreateAsync("n" + Guid.NewGuid().ToString("N")[..8]);
        _account = services.GetRequiredService<StorageAccount>();
        _log = new NotificationLog(_account, _time, Options.Create(new EmailOptions { ClaimLease = TimeSpan.FromMinutes(2) }));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task Send(CancellationToken _)
    {
        _sent++;
        return Task.CompletedTask;
    }

    private async Task<TableEntity?> RowAsync()
    {
        var row = await _account.Notifications.GetEntityIfExistsAsync<TableEntity>(Procurement, Key);
        return row.HasValue ? row.Value : null;
    }

    [Fact]
    public async Task An_email_is_sent_once_however_often_it_is_replayed_and_its_row_says_when()
    {
        Assert.True(await _log.SendOnceAsync(Procurement, Key, Send));
        Assert.False(await _log.SendOnceAsync(Procurement, Key, Send));
        Assert.False(await _log.SendOnceAsync(Procurement, Key, Send));

        Assert.Equal(1, _sent);
        var row = await RowAsync();
        Assert.Equal(NotificationLog.Sent, row!.GetString("State"));
        Assert.Equal(Now, row.GetDateTimeOffset("SentAt"));
    }

    [Fact]
    public async Task A_claim_held_by_another_delivery_fails_this_one_for_a_retry_and_sends_nothing()
    {
        Assert.Equal(NotificationLog.Claim.Claimed, await _log.TryClaimAsync(Procurement, Key)); // another delivery, sending now
        _time.Advance(TimeSpan.FromSeconds(119));

        var held = await Assert.ThrowsAsync<EmailClaimHeldException>(() => _log.SendOnceAsync(Procurement, Key, Send));
        Assert.Equal(Now.AddMinutes(2), held.LapsesAt);
        Assert.Equal(0, _sent);
        Assert.Empty(await _log.ListStuckAsync());
    }

    [Fact]
    public async Task A_claim_left_by_a_dead_sender_is_taken_over_after_the_lease_and_the_email_is_sent_once_more()
    {
        // What a killed process (or storage failing right after SendGrid's 202) leaves behind: the claim, without "sent".
        Assert.Equal(NotificationLog.Claim.Claimed, await _log.TryClaimAsync(Procurement, Key));
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal([(Procurement, Key, Now)], await _log.ListStuckAsync());

        Assert.True(await _log.SendOnceAsync(Procurement, Key, Send));
        Assert.False(await _log.SendOnceAsync(Procurement, Key, Send));

        Assert.Equal(1, _sent);
        var row = await RowAsync();
        Assert.Equal((NotificationLog.Sent, 2), (row!.GetString("State"), row.GetInt32("Attempt")));
        Assert.Empty(await _log.ListStuckAsync());
    }

    [Fact]
    public async Task Two_deliveries_taking_over_the_same_lapsed_claim_send_it_once()
    {
        Assert.Equal(NotificationLog.Claim.Claimed, await _log.TryClaimAsync(Procurement, Key));
        _time.Advance(TimeSpan.FromMinutes(3));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            try
            {
                return await _log.SendOnceAsync(Procurement, Key, Send) ? "sent" : "already sent";
            }
            catch (EmailClaimHeldException)
            {
                return "retry";
            }
        }));

        Assert.Equal(1, _sent);
        Assert.Single(outcomes, o => o == "sent");
    }

    [Fact]
    public async Task A_refused_email_gives_its_claim_back_so_that_the_retry_sends_it()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _log.SendOnceAsync(Procurement, Key, _ => throw new InvalidOperationException("SendGrid said 503")));
        Assert.Null(await RowAsync());

        Assert.True(await _log.SendOnceAsync(Procurement, Key, Send));
        Assert.Equal(1, _sent);
    }

    [Fact]
    public async Task Emails_of_other_keys_and_procurements_are_independent()
    {
        Assert.True(await _log.SendOnceAsync(Procurement, Key, Send));
        Assert.True(await _log.SendOnceAsync(Procurement, "report:a1:v2", Send));
        Assert.True(await _log.SendOnceAsync("proc-2", Key, Send));
        Assert.Equal(3, _sent);
    }
}
