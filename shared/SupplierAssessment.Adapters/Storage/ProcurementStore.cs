using Azure;
using Azure.Data.Tables;
using SupplierAssessment.Adapters.Events;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Profiles;

namespace SupplierAssessment.Adapters.Storage;

/// <summary>
/// Procurements, partitioned by their project manager: "my procurements" is one partition, a procurement one point read.
/// A custom profile is kept on the row (<c>ProfileJson</c>), so reading a procurement gives its profile without another read.
/// A procurement's own integration events (its alert level) go in its owner's partition, in the same transaction as the row.
/// </summary>
public sealed class ProcurementStore(StorageAccount account, EventOutbox outbox)
{
    private TableClient Table => account.Procurements;

    public async Task<Procurement?> FindAsync(string ownerId, string procurementId, CancellationToken cancellationToken = default)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Keys.Escape(ownerId), Keys.Escape(procurementId), cancellationToken: cancellationToken);
        return row.HasValue ? ToProcurement(row.Value!) : null;
    }

    public async Task<IReadOnlyList<Procurement>> ListAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        var list = new List<Procurement>();
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Escape(ownerId)} and RowKey lt {EventOutbox.BeforeEvents}"), cancellationToken: cancellationToken))
        {
            list.Add(ToProcurement(row));
        }
        return [.. list.OrderByDescending(p => p.CreatedAt)];
    }

    public Task AddAsync(Procurement procurement, CancellationToken cancellationToken = default) =>
        Table.AddEntityAsync(ToEntity(procurement), cancellationToken);

    /// <summary>Writes the procurement (last writer wins), with its new events when they are on: one call either way.</summary>
    public async Task SaveAsync(Procurement procurement, CancellationToken cancellationToken = default)
    {
        var row = ToEntity(procurement);
        var events = procurement.TakeNewEvents();
        if (!outbox.Enabled || events.Count == 0)
        {
            await Table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
            return;
        }
        await Table.SubmitTransactionAsync(
            [new TableTransactionAction(TableTransactionActionType.UpsertReplace, row), .. outbox.Actions(row.PartitionKey, events)], cancellationToken);
        outbox.Written(Table, row.PartitionKey);
    }

    private static TableEntity ToEntity(Procurement p)
    {
        var row = new TableEntity(Keys.Escape(p.OwnerId), Keys.Escape(p.Id))
        {
            ["OwnerId"] = p.OwnerId,
            ["ProcurementId"] = p.Id,
            ["Name"] = p.Name,
            ["ProjectManagerEmail"] = p.ProjectManagerEmail,
            ["ProjectManagerLanguage"] = p.ProjectManagerLanguage,
            ["ProfileId"] = p.ProfileId,
            ["ProfileVersion"] = p.ProfileVersion,
            ["ActiveAlertLevel"] = p.ActiveAlertLevel,
            ["BaselineLevel"] = p.BaselineLevel,
            ["CreatedAt"] = p.CreatedAt,
            ["Closed"] = p.Closed,
            ["EventCount"] = p.EventCount,
        };
        if (p.CustomProfile is { } profile)
        {
            row["ProfileJson"] = ConfidenceProfileWriter.Write(profile);
        }
        return row;
    }

    private static Procurement ToProcurement(TableEntity e) => new(
        e.GetString("ProcurementId"), e.GetString("OwnerId"), e.GetString("Name"), e.GetString("ProjectManagerEmail"),
        e.GetString("ProfileId"), e.GetInt32("ProfileVersion") ?? 1, e.GetString("ActiveAlertLevel"),
        e.GetInt32("BaselineLevel") ?? 3, e.GetDateTimeOffset("CreatedAt") ?? default, e.GetBoolean("Closed") ?? false,
        e.GetString("ProfileJson") is { } json ? ConfidenceProfileReader.Parse(json) : null, e.GetInt32("EventCount") ?? 0,
        e.GetString("ProjectManagerLanguage") ?? "en");
}
