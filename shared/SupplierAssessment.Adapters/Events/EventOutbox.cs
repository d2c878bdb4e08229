using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain.Events;

namespace SupplierAssessment.Adapters.Events;

/// <summary>An integration event stored in the outbox and not yet accepted by Service Bus.</summary>
/// <param name="Table">The table it is in: the one of the row whose change it reports (assessments or procurements).</param>
/// <param name="PartitionKey">That row's partition (procurement id, or the owner for a procurement's own events).</param>
/// <param name="RowKey"><c>~event~{assessment or procurement id}~{sequence:D8}</c>: in order per assessment.</param>
/// <param name="Id">The event id (<see cref="IntegrationEvent.Id"/>), the message id.</param>
/// <param name="Name">The event name (<see cref="IntegrationEvents.Names"/>).</param>
/// <param name="Type">The CloudEvents type (<see cref="IntegrationEvent.Type"/>).</param>
/// <param name="Subject">The CloudEvents subject (<see cref="IntegrationEvent.Subject"/>).</param>
/// <param name="Time">When the state change was stored (UTC).</param>
/// <param name="DataJson">The event's data as a JSON object.</param>
public sealed record PendingEvent(
    string Table, string PartitionKey, string RowKey, string Id, string Name, string Type, string Subject,
    string ProcurementId, string? AssessmentId, int Sequence, DateTimeOffset Time, string DataJson)
{
    /// <summary>Events of one stream (an assessment, or a procurement's own) go out in <see cref="Sequence"/> order.</summary>
    public string Stream => $"{Table}/{PartitionKey}/{AssessmentId ?? ProcurementId}";
}

/// <summary>
/// The transactional outbox of the integration events (DESIGN §5): each event is a row in the same table partition
/// as the row whose change it reports, written in the same entity group transaction
/// (<see cref="AssessmentStore"/>, <see cref="ProcurementStore"/>), so the change and its event are stored together
/// or not at all. Row keys begin with <c>~event~</c>, after every id the app hands out, so the stores' queries of
/// their own rows end before them (<see cref="BeforeEvents"/>). A row is deleted once Service Bus accepted its event.
/// Without <see cref="EventOptions.Enabled"/> the stores write exactly as before: no row, no extra call.
/// </summary>
public sealed class EventOutbox(StorageAccount account, IOptions<EventOptions> options, TimeProvider time)
{
    internal const string Prefix = "~event~";
    private const string End = "~event~~"; // '~' sorts after every character of an id: the end of the outbox range

    /// <summary>The stores' own rows sort before this RowKey (<c>RowKey lt '~'</c>).</summary>
    public const string BeforeEvents = "~";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly AsyncLocal<WriteScope?> Current = new();

    /// <summary>Whether the stores write events (<see cref="EventOptions.Enabled"/>: a Service Bus namespace is configured).</summary>
    public bool Enabled => options.Value.Enabled;

    /// <summary>
    /// Starts noting the partitions this async flow writes events to (one function invocation), so that they are
    /// published right after it (<see cref="WriteScope.Partitions"/>); disposing ends it.
    /// </summary>
    public WriteScope BeginScope()
    {
        var scope = new WriteScope(Current.Value);
        Current.Value = scope;
        return scope;
    }

    /// <summary>The table actions that store <paramref name="events"/> beside their row in <paramref name="partitionKey"/>.</summary>
    internal IEnumerable<TableTransactionAction> Actions(string partitionKey, IReadOnlyList<IntegrationEvent> events)
    {
        var now = time.GetUtcNow();
        var actions = new List<TableTransactionAction>(events.Count);
        foreach (var e in events)
        {
            var stream = e.AssessmentId ?? e.ProcurementId;
            var row = new TableEntity(partitionKey, $"{Prefix}{Keys.Escape(stream)}~{e.Sequence:D8}")
            {
                ["EventId"] = e.Id,
                ["EventName"] = e.Name,
                ["EventType"] = e.Type,
                ["Subject"] = e.Subject,
                ["ProcurementId"] = e.ProcurementId,
                ["AssessmentId"] = e.AssessmentId,
                ["Sequence"] = e.Sequence,
                ["Time"] = now,
                ["Data"] = JsonSerializer.Serialize(e.Data, Json),
            };
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, row));
        }
        return actions;
    }

    /// <summary>Notes, for the scope of this async flow, that events were stored in <paramref name="partitionKey"/> of <paramref name="table"/>.</summary>
    internal void Written(TableClient table, string partitionKey) => Current.Value?.Add(table.Name, partitionKey);

    /// <summary>
    /// Every pending event, in order within each stream: the operations query (docs/operations.md) and the timer's
    /// work list. Two range queries over the outbox rows of the assessments and procurements tables (not a request path).
    /// </summary>
    public async Task<IReadOnlyList<PendingEvent>> ListPendingAsync(CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"RowKey ge {Prefix} and RowKey lt {End}");
        var list = new List<PendingEvent>();
        foreach (var table in new[] { account.Assessments, account.Procurements })
        {
            await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                list.Add(ToPending(table.Name, row));
            }
        }
        return list;
    }

    /// <summary>The pending events of one partition, in row key order (one query).</summary>
    public async Task<IReadOnlyList<PendingEvent>> ListPendingAsync(string tableName, string partitionKey, CancellationToken cancellationToken = default)
    {
        var table = TableOf(tableName);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {Prefix} and RowKey lt {End}");
        var list = new List<PendingEvent>();
        await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            list.Add(ToPending(table.Name, row));
        }
        return list;
    }

    /// <summary>
    /// Removes the rows of published events: one entity group transaction per table, partition and 100 rows; a row
    /// already gone (another publisher sent it too) is fine.
    /// </summary>
    public async Task DeleteAsync(IReadOnlyList<PendingEvent> published, CancellationToken cancellationToken = default)
    {
        foreach (var table in published.GroupBy(e => e.Table))
        {
            await TableDeletes.DeleteAllAsync(TableOf(table.Key), table.Select(e => (e.PartitionKey, e.RowKey)), cancellationToken);
        }
    }

    private TableClient TableOf(string name) =>
        name == account.Assessments.Name ? account.Assessments
        : name == account.Procurements.Name ? account.Procurements
        : throw new ArgumentException($"No outbox in table {name}.", nameof(name));

    private static PendingEvent ToPending(string table, TableEntity row) => new(
        table, row.PartitionKey, row.RowKey, row.GetString("EventId"), row.GetString("EventName"), row.GetString("EventType"),
        row.GetString("Subject"), row.GetString("ProcurementId"), row.GetString("AssessmentId"), row.GetInt32("Sequence") ?? 0, row.GetDateTimeOffset("Time") ?? default, row.GetString("Data"));

    /// <summary>The partitions one async flow wrote events to (table name, partition key), in first-written order.</summary>
    public sealed class WriteScope : IDisposable
    {
        private readonly WriteScope? _outer;
        private readonly List<(string Table, string PartitionKey)> _partitions = [];

        internal WriteScope(WriteScope? outer) => _outer = outer;

        public IReadOnlyList<(string Table, string PartitionKey)> Partitions
        {
            get
            {
                lock (_partitions)
                {
                    return [.. _partitions];
                }
            }
        }

        internal void Add(string table, string partitionKey)
        {
            lock (_partitions)
            {
                if (!_partitions.Contains((table, partitionKey)))
                {
                    _partitions.Add((table, partitionKey));
                }
            }
        }

        public void Dispose() => Current.Value = _outer;
    }
}
