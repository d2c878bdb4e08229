using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging;

namespace SupplierAssessment.Adapters.Events;

/// <summary>
/// Sends the outbox's pending events to the Service Bus topic: in order within each stream (an assessment, or a
/// procurement's own events), one message at a time, deleting rows only after Service Bus accepted their messages (a
/// stream's accepted rows in one entity group transaction). The
/// first failure stops the run (the stream's later events wait, so order holds, and the other streams would only
/// meet the same outage) and leaves the rows pending for the next run; a row sent but not deleted goes out again with the same <c>MessageId</c>, which the topic's duplicate
/// detection drops. Never throws for a Service Bus failure: it logs one warning when Service Bus becomes unreachable
/// and one line when it is back, and while it is down, publishing right after a function
/// (<see cref="PublishPartitionsAsync"/>) waits for the next timer run instead of trying on every request.
/// Only registered when <see cref="EventOptions.Enabled"/>.
/// </summary>
public sealed class EventPublisher(EventOutbox outbox, ServiceBusSender sender, TimeProvider time, ILogger<EventPublisher> logger)
{
    /// <summary>How long publishing right after a function pauses after a failed send.</summary>
    public static readonly TimeSpan PauseAfterFailure = TimeSpan.FromMinutes(1);

    private long _pausedUntilTicks;
    private int _unavailable;

    /// <summary>Whether publishing right after a function is paused by a recent failure.</summary>
    public bool Paused => time.GetUtcNow().UtcTicks < Interlocked.Read(ref _pausedUntilTicks);

    /// <summary>Every pending event (the timer): returns how many were sent and how many are still pending.</summary>
    public async Task<PublishResult> PublishPendingAsync(CancellationToken cancellationToken = default) =>
        await PublishAsync(await outbox.ListPendingAsync(cancellationToken), cancellationToken);

    /// <summary>
    /// The pending events of the partitions a function just wrote events to, right after it (best effort: nothing
    /// when paused). One query per partition, one send per event, then one delete per stream and 100 events.
    /// </summary>
    public async Task<PublishResult> PublishPartitionsAsync(IReadOnlyList<(string Table, string PartitionKey)> partitions, CancellationToken cancellationToken = default)
    {
        if (partitions.Count == 0 || Paused)
        {
            return new PublishResult(0, 0);
        }
        var pending = new List<PendingEvent>();
        foreach (var (table, partitionKey) in partitions)
        {
            pending.AddRange(await outbox.ListPendingAsync(table, partitionKey, cancellationToken));
        }
        return await PublishAsync(pending, cancellationToken);
    }

    /// <summary>Sends <paramref name="pending"/> (in order within each stream, as listed) and deletes what was accepted.</summary>
    public async Task<PublishResult> PublishAsync(IReadOnlyList<PendingEvent> pending, CancellationToken cancellationToken = default)
    {
        var sent = 0;
        foreach (var stream in pending.GroupBy(e => e.Stream))
        {
            var events = stream.OrderBy(e => e.Sequence).ToArray();
            var accepted = new List<PendingEvent>();
            for (var i = 0; i < events.Length; i++)
            {
                try
                {
                    await sender.SendMessageAsync(CloudEventMessage.From(events[i]), cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    // Service Bus refused: the other streams would wait for the same outage, one try each. Stop here;
                    // everything not sent stays pending, each stream still in order, for the next run.
                    Unavailable(e, events[i]);
                    await outbox.DeleteAsync(accepted, cancellationToken);
                    return new PublishResult(sent, pending.Count - sent);
                }
                sent++;
                accepted.Add(events[i]);
                Available();
            }
            // The stream's accepted rows in one write: a process that dies before it sends them again with the same
            // MessageId, which the topic's duplicate detection drops.
            await outbox.DeleteAsync(accepted, cancellationToken);
        }
        if (sent > 0)
        {
            logger.LogInformation("Published {Sent} integration events", sent);
        }
        return new PublishResult(sent, 0);
    }

    private void Unavailable(Exception error, PendingEvent pending)
    {
        Interlocked.Exchange(ref _pausedUntilTicks, (time.GetUtcNow() + PauseAfterFailure).UtcTicks);
        if (Interlocked.Exchange(ref _unavailable, 1) == 0)
        {
            // The reason and the first line only: the SDK's message carries the whole AMQP stack trace.
            logger.LogWarning("Service Bus did not accept event {EventId} ({EventType}); events stay pending and are sent when it is back: {Reason}: {Error}",
                pending.Id, pending.Type, (error as ServiceBusException)?.Reason.ToString() ?? error.GetType().Name, error.Message.Split('\n')[0].Trim());
        }
        else
        {
            logger.LogDebug("Service Bus still unavailable for event {EventId}", pending.Id);
        }
    }

    private void Available()
    {
        if (Interlocked.Exchange(ref _unavailable, 0) == 1)
        {
            Interlocked.Exchange(ref _pausedUntilTicks, 0);
            logger.LogInformation("Service Bus accepts events again");
        }
    }
}

/// <summary>What one publishing run did: events accepted by Service Bus, and events still pending after it.</summary>
public sealed record PublishResult(int Sent, int Pending);
