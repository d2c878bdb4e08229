using Azure;
using Azure.Data.Tables;

namespace SupplierAssessment.Adapters.Storage;

/// <summary>
/// A pipeline queue message that a state change calls for, stored in the same transaction as the change
/// (<see cref="AssessmentStore.SaveAsync"/>) so that the change never stands without its follow-up.
/// </summary>
/// <param name="Queue">The Storage queue it goes to.</param>
/// <param name="RowKey">Its outbox row: <c>~stage~{assessment id}~{ticks:D19}</c> in the assessment's partition.</param>
/// <param name="Message">The queue message text; it names <paramref name="RowKey"/>, so that the stage that handles it can settle the row.</param>
public sealed record FollowUp(string Queue, string RowKey, string Message);

/// <summary>
/// The transactional outbox of the pipeline's queue messages (issue 13, "a state change without its message"). A
/// state change that must be followed by work (a submission, a finalized review) writes its <see cref="FollowUp"/> as a
/// row beside the assessment's row, in the same entity group transaction; the request then sends the message at once.
/// The stage that handles the message marks the row settled in the transaction of its own write (no extra call), and
/// the dispatcher timer (<see cref="ListUnsettledAsync"/>) sends again every row still unsettled after a while — the
/// send failed, the process died between the commit and the send, or the message was lost — and deletes settled rows.
/// Stages are idempotent, so a message sent twice is harmless. Rows begin with <c>~stage~</c>: after every id, before
/// the integration events' <c>~event~</c>, outside the stores' own queries (<see cref="Events.EventOutbox.BeforeEvents"/>).
/// </summary>
public sealed class StageOutbox(StorageAccount account)
{
    internal const string Prefix = "~stage~";
    private const string End = "~stage~~";

    /// <summary>A new row key for a follow-up of <paramref name="assessmentId"/> stored at <paramref name="now"/>.</summary>
    public static string NewRowKey(string assessmentId, DateTimeOffset now) => $"{Prefix}{Keys.Escape(assessmentId)}~{now.UtcTicks:D19}";

    /// <summary>The action that stores <paramref name="followUp"/> in <paramref name="partitionKey"/>, unsettled.</summary>
    internal static TableTransactionAction Add(string partitionKey, FollowUp followUp, DateTimeOffset now) =>
        new(TableTransactionActionType.Add, new TableEntity(partitionKey, followUp.RowKey)
        {
            ["Queue"] = followUp.Queue,
            ["Message"] = followUp.Message,
            ["StoredAt"] = now,
            ["Settled"] = false,
        });

    /// <summary>
    /// The action that marks the row settled (merge, so that it never fails: a row the dispatcher already deleted comes
    /// back settled and is deleted again).
    /// </summary>
    internal static TableTransactionAction Settle(string partitionKey, string rowKey) =>
        new(TableTransactionActionType.UpsertMerge, new TableEntity(partitionKey, rowKey) { ["Settled"] = true });

    /// <summary>
    /// Marks a follow-up settled on its own (one call): for a stage that handled its message without writing the
    /// assessment (a replay, a message that can never succeed), with the audit entry of what handling it did
    /// (<paramref name="audit"/>, in <paramref name="partitionKey"/>) in the same transaction. A key that is no outbox
    /// row's is ignored; the audit entry is then stored alone.
    /// </summary>
    public async Task SettleAsync(string partitionKey, string? rowKey, CancellationToken cancellationToken = default, AuditNote? audit = null)
    {
        List<TableTransactionAction> actions = [];
        if (rowKey is not null && rowKey.StartsWith(Prefix, StringComparison.Ordinal) && partitionKey.Length > 0)
        {
            actions.Add(Settle(partitionKey, rowKey));
        }
        if (audit is not null)
        {
            actions.Add(AuditTrail.Add(audit));
        }
        if (actions.Count > 0)
        {
            await account.Assessments.SubmitTransactionAsync(actions, cancellationToken);
        }
    }

    /// <summary>
    /// Stores follow-ups on their own, unsettled, in <paramref name="partitionKey"/> (a procurement's assessments): one
    /// entity group transaction per 100 rows. For a change whose state is not an assessment row (an alert-level change
    /// of the procurement): its report requests are stored before they are sent, so that the dispatcher sends them
    /// even if the queue refuses them now. Throws what the table service throws.
    /// </summary>
    public async Task AddAsync(string partitionKey, IReadOnlyList<FollowUp> followUps, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in followUps.Chunk(100))
        {
            await account.Assessments.SubmitTransactionAsync(chunk.Select(f => Add(partitionKey, f, now)), cancellationToken);
        }
    }

    /// <summary>Sends the follow-up's message to its queue (one call). Throws what the queue service throws.</summary>
    public Task SendAsync(FollowUp followUp, CancellationToken cancellationToken = default) =>
        account.Queue(followUp.Queue).SendMessageAsync(followUp.Message, cancellationToken);

    /// <summary>
    /// The unsettled follow-ups stored before <paramref name="storedBefore"/>, and the settled rows to delete: a range
    /// query over the whole assessments table (the dispatcher timer's work list, never a request path).
    /// </summary>
    public async Task<(IReadOnlyList<(string PartitionKey, FollowUp FollowUp)> Unsettled, IReadOnlyList<(string PartitionKey, string RowKey)> Settled)> ListAsync(
        DateTimeOffset storedBefore, CancellationToken cancellationToken = default)
    {
        var unsettled = new List<(string, FollowUp)>();
        var settled = new List<(string, string)>();
        await foreach (var row in account.Assessments.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"RowKey ge {Prefix} and RowKey lt {End}"), cancellationToken: cancellationToken))
        {
            if (row.GetBoolean("Settled") == true)
            {
                settled.Add((row.PartitionKey, row.RowKey));
            }
            else if (row.GetDateTimeOffset("StoredAt") is { } at && at < storedBefore && row.GetString("Queue") is { } queue)
            {
                unsettled.Add((row.PartitionKey, new FollowUp(queue, row.RowKey, row.GetString("Message"))));
            }
        }
        return (unsettled, settled);
    }

    /// <summary>The unsettled follow-ups of one assessment, whatever their age, oldest first (one partition range query).</summary>
    public Task<IReadOnlyList<FollowUp>> ListUnsettledAsync(string procurementId, string assessmentId, CancellationToken cancellationToken = default) =>
        UnsettledInAsync(procurementId, $"{Prefix}{Keys.Escape(assessmentId)}~", cancellationToken);

    /// <summary>The unsettled follow-ups of a procurement's assessments, whatever their age, by assessment then age (one partition range query).</summary>
    public Task<IReadOnlyList<FollowUp>> ListUnsettledAsync(string procurementId, CancellationToken cancellationToken = default) =>
        UnsettledInAsync(procurementId, Prefix, cancellationToken);

    private async Task<IReadOnlyList<FollowUp>> UnsettledInAsync(string procurementId, string from, CancellationToken cancellationToken)
    {
        var list = new List<FollowUp>();
        await foreach (var row in account.Assessments.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {procurementId} and RowKey ge {from} and RowKey lt {from + "~"}"), cancellationToken: cancellationToken))
        {
            if (row.GetBoolean("Settled") != true && row.GetString("Queue") is { } queue)
            {
                list.Add(new FollowUp(queue, row.RowKey, row.GetString("Message")));
            }
        }
        return list;
    }

    /// <summary>
    /// Deletes settled rows (the dispatcher's list, <see cref="ListAsync"/>): one entity group transaction per partition
    /// and 100 rows, not a call per row, so that the minute's clean-up after a burst of 500 submissions is a handful of
    /// calls. A row already gone (another dispatcher's run) fails its transaction with 404; that chunk is then deleted
    /// row by row, the missing ones skipped. Returns how many rows it deleted. Throws what the table service throws otherwise.
    /// </summary>
    public Task<int> DeleteSettledAsync(IReadOnlyList<(string PartitionKey, string RowKey)> rows, CancellationToken cancellationToken = default) =>
        TableDeletes.DeleteAllAsync(account.Assessments, rows, cancellationToken);
}
