using Azure;
using SupplierAssessment.Adapters.Storage;

namespace SupplierAssessment.Functions.Stages;

/// <summary>
/// The pipeline's Storage queues, and sending to them. Messages are base64 text, as the Functions queue trigger
/// reads them (host.json <c>messageEncoding</c>); each queue's failures end in <c>{queue}-poison</c>.
/// </summary>
public sealed class StageQueues(StorageAccount account, StageOutbox outbox, TimeProvider time, ILogger<StageQueues> logger)
{
    /// <summary>A supplier submitted: <see cref="PipelineStages.ScoreAssessment"/> rates the answers.</summary>
    public const string Submitted = "assessment-submitted";

    /// <summary>A report version is wanted: <see cref="PipelineStages.RenderReport"/> writes it.</summary>
    public const string ReportRequested = "report-requested";

    /// <summary>A report version is written: <see cref="PipelineStages.NotifyProjectManager"/> emails it.</summary>
    public const string ReportReady = "report-ready";

    public static IReadOnlyList<string> All { get; } = [Submitted, ReportRequested, ReportReady];

    public Task SendAsync(string queue, StageMessage message, CancellationToken cancellationToken = default) =>
        account.Queue(queue).SendMessageAsync(message.ToJson(), cancellationToken);

    /// <summary>
    /// The follow-up a state change calls for: <paramref name="message"/> for <paramref name="queue"/>, naming its own
    /// outbox row. Store it with the change (<see cref="AssessmentStore.SaveAsync"/>), then <see cref="DispatchAsync"/> it.
    /// </summary>
    public FollowUp FollowUp(string queue, StageMessage message)
    {
        var rowKey = StageOutbox.NewRowKey(message.AssessmentId, time.GetUtcNow());
        return new FollowUp(queue, rowKey, (message with { Outbox = rowKey }).ToJson());
    }

    /// <summary>
    /// Sends a stored follow-up now. A send that fails is logged, not thrown: the change is stored, and the dispatcher
    /// timer sends its follow-up again (<see cref="DispatchUnsettledAsync"/>). Returns whether it was sent.
    /// </summary>
    public async Task<bool> DispatchAsync(FollowUp followUp, CancellationToken cancellationToken = default)
    {
        try
        {
            await outbox.SendAsync(followUp, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException or AggregateException)
        {
            logger.LogWarning("The {Queue} message of outbox row {RowKey} was not sent ({Error}); the dispatcher sends it again", followUp.Queue, followUp.RowKey, e.Message);
            return false;
        }
    }

    /// <summary>Sends again every unsettled follow-up of one assessment (an action retried after its follow-up was lost).</summary>
    public async Task<int> DispatchUnsettledAsync(string procurementId, string assessmentId, CancellationToken cancellationToken = default)
    {
        var sent = 0;
        foreach (var followUp in await outbox.ListUnsettledAsync(procurementId, assessmentId, cancellationToken))
        {
            sent += await DispatchAsync(followUp, cancellationToken) ? 1 : 0;
        }
        return sent;
    }

    /// <summary>
    /// The dispatcher's run: sends again every follow-up still unsettled <paramref name="after"/> it was stored, and
    /// deletes the settled rows. Returns (sent again, still unsent, deleted).
    /// </summary>
    public async Task<(int Sent, int Unsent, int Deleted)> DispatchUnsettledAsync(TimeSpan after, CancellationToken cancellationToken = default)
    {
        var (unsettled, settled) = await outbox.ListAsync(time.GetUtcNow() - after, cancellationToken);
        var sent = 0;
        foreach (var (_, followUp) in unsettled)
        {
            sent += await DispatchAsync(followUp, cancellationToken) ? 1 : 0;
        }
        foreach (var (partitionKey, rowKey) in settled)
        {
            await outbox.DeleteAsync(partitionKey, rowKey, cancellationToken);
        }
        return (sent, unsettled.Count - sent, settled.Count);
    }
}
