using Azure.Data.Tables;

namespace SupplierAssessment.Adapters.Storage;

public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string? AssessmentId, string? Details);

/// <summary>
/// An audit entry made but not yet stored (<see cref="AuditTrail.Note"/>): stored on its own by
/// <see cref="AuditTrail.RecordAsync(AuditNote, CancellationToken)"/>, or with the assessment change it records in that
/// change's entity group transaction (<see cref="AssessmentStore.SaveAsync"/>, <see cref="AssessmentStore.AddAsync"/>).
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
/// Every state change, append-only: who, when, what. Entries are rows of the assessments table in their procurement's
/// partition (RowKey <c>~audit~…</c>: after every id, before the outboxes' <c>~event~</c> and <c>~stage~</c> rows, so the
/// stores' own queries of <c>RowKey lt '~'</c> never see them), so that an assessment's change, its audit entry and its
/// follow-up are stored in one entity group transaction — all or none (issue 13: a process killed between two writes
/// left changes unaudited, and each entry was a storage call of its own). Entries written before that lived in the
/// <c>audit</c> table (same partition and row keys, without the prefix); <see cref="ListAsync"/> still reads them.
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

    /// <summary>An entry dated now, to be stored with the change it records (or by <see cref="RecordAsync(AuditNote, CancellationToken)"/>).</summary>
    public AuditNote Note(string procurementId, string actor, string action, string? assessmentId = null, string? details = null)
    {
        var now = time.GetUtcNow();
        return new AuditNote(procurementId, $"{Prefix}{DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks:D19}-{Guid.NewGuid():N}", now, actor, action, assessmentId,
            details is { Length: > MaxDetailsLength } ? details[..(MaxDetailsLength - 1)] + "…" : details);
    }

    /// <summary>The table action that stores <paramref name="note"/> (an insert in its procurement's partition).</summary>
    internal static TableTransactionAction Add(AuditNote note) => new(TableTransactionActionType.Add, ToEntity(note));

    /// <summary>Stores an entry on its own (one call): for a change that is not an assessment's (a procurement's), or nothing else to write.</summary>
    public Task RecordAsync(AuditNote note, CancellationToken cancellationToken = default) =>
        account.Assessments.AddEntityAsync(ToEntity(note), cancellationToken);

    /// <summary>Appends one entry (who, what, on which assessment, short details cut at <see cref="MaxDetailsLength"/>), on its own: one call.</summary>
    public Task RecordAsync(string procurementId, string actor, string action, string? assessmentId = null, string? details = null, CancellationToken cancellationToken = default) =>
        RecordAsync(Note(procurementId, actor, action, assessmentId, details), cancellationToken);

    /// <summary>
    /// The procurement's newest <paramref name="max"/> entries, newest first: one range query of its partition, and one of
    /// the <c>audit</c> table for entries stored before they moved beside the assessments.
    /// </summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string procurementId, int max = 200, CancellationToken cancellationToken = default)
    {
        var entries = new List<(string Order, AuditEntry Entry)>();
        await ReadAsync(account.Assessments, TableClient.CreateQueryFilter($"PartitionKey eq {procurementId} and RowKey ge {Prefix} and RowKey lt {End}"), Prefix.Length);
        await ReadAsync(account.Audit, TableClient.CreateQueryFilter($"PartitionKey eq {procurementId}"), 0);
        return [.. entries.OrderBy(e => e.Order, StringComparer.Ordinal).Take(max).Select(e => e.Entry)];

        async Task ReadAsync(TableClient table, string filter, int prefixLength)
        {
            var read = 0;
            await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: max, cancellationToken: cancellationToken))
            {
                entries.Add((row.RowKey[prefixLength..], new AuditEntry(row.GetDateTimeOffset("At") ?? default, row.GetString("Actor"), row.GetString("Action"),
                    row.GetString("AssessmentId"), row.GetString("Details"))));
                if (++read >= max)
                {
                    break;
                }
            }
        }
    }

    private static TableEntity ToEntity(AuditNote note) => new(note.ProcurementId, note.RowKey)
    {
        ["At"] = note.At,
        ["Actor"] = note.Actor,
        ["Action"] = note.Action,
        ["AssessmentId"] = note.AssessmentId,
        ["Details"] = note.Details,
    };
}
