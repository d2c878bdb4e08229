using Azure;
using Azure.Data.Tables;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Profiles;

namespace SupplierAssessment.Adapters.Storage;

/// <summary>
/// Procurements, partitioned by their project manager: "my procurements" is one partition, a procurement one point read.
/// A custom profile is kept on the row (<c>ProfileJson</c>), so reading a procurement gives its profile without another read.
/// </summary>
public sealed class ProcurementStore(StorageAccount account)
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
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Keys.Escape(ownerId)}"), cancellationToken: cancellationToken))
        {
            list.Add(ToProcurement(row));
        }
        return [.. list.OrderByDescending(p => p.CreatedAt)];
    }

    public Task AddAsync(Procurement procurement, CancellationToken cancellationToken = default) =>
        Table.AddEntityAsync(ToEntity(procurement), cancellationToken);

    public Task SaveAsync(Procurement procurement, CancellationToken cancellationToken = default) =>
        Table.UpsertEntityAsync(ToEntity(procurement), TableUpdateMode.Replace, cancellationToken);

    private static TableEntity ToEntity(Procurement p)
    {
        var row = new TableEntity(Keys.Escape(p.OwnerId), Keys.Escape(p.Id))
        {
            ["OwnerId"] = p.OwnerId,
            ["ProcurementId"] = p.Id,
            ["Name"] = p.Name,
            ["ProjectManagerEmail"] = p.ProjectManagerEmail,
            ["ProfileId"] = p.ProfileId,
            ["ProfileVersion"] = p.ProfileVersion,
            ["ActiveAlertLevel"] = p.ActiveAlertLevel,
            ["BaselineLevel"] = p.BaselineLevel,
            ["CreatedAt"] = p.CreatedAt,
            ["Closed"] = p.Closed,
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
        e.GetString("ProfileJson") is { } json ? ConfidenceProfileReader.Parse(json) : null);
}
