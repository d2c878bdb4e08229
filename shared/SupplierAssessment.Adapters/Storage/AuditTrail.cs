using Azure.Data.Tables;

namespace SupplierAssessment.Adapters.Storage;

public sealed record AuditEntry(DateTimeOffset At, string Actor, string Action, string? AssessmentId, string? Details);

/// <summary>Every state change, append-only: who, when, what. Rows are only ever added, newest first in each procurement.</summary>
public sealed class AuditTrail(StorageAccount account, TimeProvider time)
{
    /// <summary>
    /// The longest details an entry keeps: 1000 characters; longer ones are cut, ending in "…". An entry records a
    /// change already made, so it is never refused; the bound keeps it far inside one table entity (<see cref="EntitySize"/>).
    /// </summary>
    public const int MaxDetailsLength = 1000;

    /// <summary>Appends one entry (who, what, on which assessment, short details cut at <see cref="MaxDetailsLength"/>).</summary>
    public Task RecordAsync(string procurementId, string actor, string action, string? assessmentId = null, string? details = null, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var rowKey = $"{DateTimeOffset.MaxValue.UtcTicks - now.UtcTicks:D19}-{Guid.NewGuid():N}";
        return account.Audit.AddEntityAsync(new TableEntity(procurementId, rowKey)
        {
            ["At"] = now,
            ["Actor"] = actor,
            ["Action"] = action,
            ["AssessmentId"] = assessmentId,
            ["Details"] = details is { Length: > MaxDetailsLength } ? details[..(MaxDetailsLength - 1)] + "…" : details,
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string procurementId, int max = 200, CancellationToken cancellationToken = default)
    {
        var entries = new List<AuditEntry>();
        await foreach (var row in account.Audit.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {procurementId}"), maxPerPage: max, cancellationToken: cancellationToken))
        {
            entries.Add(new AuditEntry(row.GetDateTimeOffset("At") ?? default, row.GetString("Actor"), row.GetString("Action"), row.GetString("AssessmentId"), row.GetString("Details")));
            if (entries.Count >= max)
            {
                break;
            }
        }
        return entries;
    }
}
