using Azure.Data.Tables;

namespace SupplierAssessment.Adapters.Storage;

public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string? AssessmentId, string? Details);

/// <summary>
/// An audit entry made but not yet stored (<see cref="AuditTrail.Note"/>): stored with the change it records, in that
/// change's entity group transaction (<see cref="AssessmentStore.SaveAsync"/>, <see cref="AssessmentStore.AddAsync"/>,
/// <see cref="ProcurementStore.SaveAsync"/>, <see cref="ProcurementStore.AddAsync"/>, <see cref="StageOutbox.SettleAsync"/>).
/// </summary>
/// <param name="ProcurementId">The procurement it belongs to: the partition it is stored in.</param>
/// <param name="RowKey"><c>~audit~{inverted ticks:D19}-{guid}</c>: newest first in the partition.</param>
/// <param name="At">When the change was made (UTC).</param>
/// <param name="Actor">Who made it: a user id, <c>supplier</c> or <c>system</c>.</param>
/// <param name="Action">What was done, in a few words ("submitted", "link revoked").</param>
/// <param name="AssessmentId">The assessment concerned; null for a change of the procurement itself.</param>
/// <param name="Details">Short details, already cut at <see cref="AuditTrail.MaxDetailsLength"/>.</param>
public sealed record AuditNote(string ProcurementId, string RowKey, DateTimeOffset At, string Actor, string Action, string? AssessmentId, string? Details);

/// <summary>
/// Every state change, append-only: who, when, what — stored beside the row it records a change of, in that change's
/// entity group transaction, so that a change and its audit entry are stored together or not at all (issue 13: a
/// process killed between two writes left changes unaudited, and each entry was a storage call of its own):
/// <list type="bullet">
/// <item>an assessment's change: a row of the assessments table in the procurement's partition, RowKey
/// <c>~audit~{inverted ticks:D19}-{guid}</c> (<see cref="AssessmentStore.SaveAsync"/>, <see cref="AssessmentStore.AddAsync"/>);</item>
/// <item>a change of the procurement itself (created, alert level, due date, targets, report language): a row of the
/// procurements table in the owner's partition, RowKey <c>~audit~{procurement id}~{inverted ticks:D19}-{guid}</c>
/// (<see cref="ProcurementStore.SaveAsync"/>, <see cref="ProcurementStore.AddAsync"/>).</item>
/// </list>
/// Both sort after every id and before the outboxes' <c>~event~</c> and <c>~stage~</c> rows, so the stores' own queries
/// (<c>RowKey lt '~'</c>) never see them. Entries written before 2026-11-30 are in the <c>audit</c> table (the
/// procurement's partition, RowKey without the prefix); <see cref="ListAsync"/> still reads them.
/// </summary>
public sealed class AuditTrail(StorageAccount account, TimeProvider time)
{
    /// <summary>
    /// The longest details an entry keeps: 1000 characters; longer ones are cut, ending in "…". An entry records a
    /// change already made, so it is never refused; the bound keeps it far inside one table entity (<see cref="EntitySize"/>).
    /// </summary>
    public const int MaxDetailsLength = 1000;

    internal const string Prefix = "~audit~";
    private const string End = "~audit~~";

    /// <summary>An entry dated now, to be stored with the change it records.</summary>
    public AuditNote Note(string procurementId, string actor, string action, string? assessmentId = null, string? details = null)
    {
        var now = time.GetUtcNow();
        return new AuditNote(procurementId, $"{Prefix}{DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks:D19}-{Guid.NewGuid():N}", now, actor, action, assessmentId,
            details is { Length: > MaxDetailsLength } ? details[..(MaxDetailsLength - 1)] + "…" : details);
    }

    /// <summary>The table action that stores <paramref name="note"/> beside the procurement's assessments (an insert in the procurement's partition).</summary>
    internal static TableTransactionAction Add(AuditNote note) => new(TableTransactionActionType.Add, ToEntity(note));

    /// <summary>The table action that stores <paramref name="note"/> beside the procurement's own row (<paramref name="ownerPartition"/>, escaped).</summary>
    internal static TableTransactionAction AddBesideProcurement(string ownerPartition, AuditNote note) =>
        new(TableTransactionActionType.Add, ToEntity(note, ownerPartition, $"{ProcurementRange(note.ProcurementId)}{note.RowKey[Prefix.Length..]}"));

    /// <summary>The start of a procurement's entries in its owner's partition of the procurements table; its end adds "~".</summary>
    private static string ProcurementRange(string procurementId) => $"{Prefix}{Keys.Escape(procurementId)}~";

    /// <summary>
    /// The procurement's entries, newest first, <paramref name="max"/> at most (null: all of them): three range queries, at once —
    /// beside its assessments, beside its own row in <paramref name="ownerId"/>'s partition, and the former <c>audit</c>
    /// table's — each stopping after <paramref name="max"/> rows.
    /// </summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string procurementId, string ownerId, int? max = null, CancellationToken cancellationToken = default)
    {
        var range = ProcurementRange(procurementId);
        // The three ranges are read at once: a page view waits for the slowest, not for the sum.
        var parts = await Task.WhenAll(
            ReadAsync(account.Assessments, TableClient.CreateQueryFilter($"PartitionKey eq {procurementId} and RowKey ge {Prefix} and RowKey lt {End}"), Prefix.Length),
            ReadAsync(account.Procurements, TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Escape(ownerId)} and RowKey ge {range} and RowKey lt {range + "~"}"), range.Length),
            ReadAsync(account.Audit, TableClient.CreateQueryFilter($"PartitionKey eq {procurementId}"), 0));
        var newestFirst = parts.SelectMany(part => part).OrderBy(e => e.Order, StringComparer.Ordinal).Select(e => e.Entry);
        return [.. max is { } bound ? newestFirst.Take(bound) : newestFirst];

        async Task<List<(string Order, AuditEntry Entry)>> ReadAsync(TableClient table, string filter, int prefixLength)
        {
            var entries = new List<(string Order, AuditEntry Entry)>();
            await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: max is { } bound ? Math.Min(bound, 1000) : null, cancellationToken: cancellationToken))
            {
                entries.Add((row.RowKey[prefixLength..], new AuditEntry(row.GetDateTimeOffset("At") ?? default, row.GetString("Actor"), row.GetString("Action"),
                    row.GetString("AssessmentId"), row.GetString("Details"))));
                if (entries.Count >= max)
                {
                    break;
                }
            }
            return entries;
        }
    }

    private static TableEntity ToEntity(AuditNote note, string? partitionKey = null, string? rowKey = null) => new(partitionKey ?? note.ProcurementId, rowKey ?? note.RowKey)
    {
        ["At"] = note.At,
        ["Actor"] = note.Actor,
        ["Action"] = note.Action,
        ["AssessmentId"] = note.AssessmentId,
        ["Details"] = note.Details,
    };
}
