using Microsoft.Extensions.DependencyInjection;
using SupplierAssessment.Adapters.Storage;

namespace SupplierAssessment.Adapters.Tests.Storage;

/// <summary>
/// The dispatcher's clean-up of the stage outbox on a real Azurite: settled rows go in one entity group transaction per
/// partition and 100 rows (a burst of submissions used to cost the minute's run one call per row, on the same storage as
/// the burst), unsettled follow-ups stay, and a row another run deleted first does not stop the rest.
/// </summary>
public class StageOutboxTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Stored = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private StageOutbox _outbox = null!;
    private StorageAccount _account = null!;
    private StorageCallCounter _counter = null!;

    public async Task InitializeAsync()
    {
        var services = await StorageServices.CreateAsync("o" + Guid.NewGuid().ToString("N")[..8]);
        _outbox = services.GetRequiredService<StageOutbox>();
        _account = services.GetRequiredService<StorageAccount>();
        _counter = services.GetRequiredService<StorageCallCounter>();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Stores <paramref name="count"/> follow-ups in <paramref name="procurementId"/>'s partition and settles the first <paramref name="settled"/>.</summary>
    private async Task FollowUpsAsync(string procurementId, int count, int settled)
    {
        var followUps = Enumerable.Range(0, count)
            .Select(i => new FollowUp("assessment-submitted", StageOutbox.NewRowKey($"a{i:D3}", Stored), $"message {i}")).ToArray();
        await _outbox.AddAsync(procurementId, followUps, Stored);
        foreach (var followUp in followUps.Take(settled))
        {
            await _outbox.SettleAsync(procurementId, followUp.RowKey);
        }
    }

    [Fact]
    public async Task Settled_rows_are_deleted_a_hundred_per_call_in_each_partition_and_unsettled_ones_stay()
    {
        await FollowUpsAsync("proc-burst", count: 160, settled: 150);
        await FollowUpsAsync("proc-small", count: 4, settled: 3);
        var (unsettled, settled) = await _outbox.ListAsync(Stored.AddMinutes(5));
        Assert.Equal(153, settled.Count);
        Assert.Equal(11, unsettled.Count);

        var before = _counter.Calls;
        Assert.Equal(153, await _outbox.DeleteSettledAsync(settled));
        Assert.Equal(3, _counter.Calls - before); // 100 + 50 in the burst's partition, 3 in the other

        var (unsettledAfter, settledAfter) = await _outbox.ListAsync(Stored.AddMinutes(5));
        Assert.Empty(settledAfter);
        Assert.Equal(unsettled.Select(u => u.FollowUp.RowKey).Order(), unsettledAfter.Select(u => u.FollowUp.RowKey).Order());
    }

    [Fact]
    public async Task A_row_another_run_deleted_first_does_not_stop_the_others_from_going()
    {
        await FollowUpsAsync("proc-race", count: 5, settled: 5);
        var (_, settled) = await _outbox.ListAsync(Stored.AddMinutes(5));
        await _account.Assessments.DeleteEntityAsync(settled[2].PartitionKey, settled[2].RowKey);

        Assert.Equal(4, await _outbox.DeleteSettledAsync(settled)); // the row already gone is not counted: the log says what this run removed
        Assert.Equal(0, await _outbox.DeleteSettledAsync(settled)); // a run that comes second removes nothing, and says so

        var (unsettledAfter, settledAfter) = await _outbox.ListAsync(Stored.AddMinutes(5));
        Assert.Empty(settledAfter);
        Assert.Empty(unsettledAfter);
    }
}
