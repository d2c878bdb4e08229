using Azure;
using Azure.Data.Tables;

namespace SupplierAssessment.Adapters.Storage;

/// <summary>Deleting many rows of one table that an outbox no longer needs.</summary>
internal static class TableDeletes
{
    /// <summary>
    /// Deletes <paramref name="rows"/> (partition key, row key) from <paramref name="table"/>: one entity group transaction
    /// per partition and 100 rows, not a call per row. A row already gone (another run deleted it) fails its transaction
    /// with 404; that chunk is then deleted row by row, the missing ones skipped. Returns how many rows this call
    /// deleted (not those already gone). Throws what the table service throws otherwise.
    /// </summary>
    public static async Task<int> DeleteAllAsync(TableClient table, IEnumerable<(string PartitionKey, string RowKey)> rows, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var chunk in rows.GroupBy(r => r.PartitionKey).SelectMany(p => p.Chunk(100)))
        {
            try
            {
                await table.SubmitTransactionAsync(
                    chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(r.PartitionKey, r.RowKey), ETag.All)),
                    cancellationToken);
                deleted += chunk.Length;
            }
            catch (TableTransactionFailedException e) when (e.Status == 404)
            {
                foreach (var (partitionKey, rowKey) in chunk)
                {
                    try
                    {
                        // The client answers a missing row with its 404 response rather than an exception.
                        deleted += (await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken)).Status == 404 ? 0 : 1;
                    }
                    catch (RequestFailedException gone) when (gone.Status == 404)
                    {
                    }
                }
            }
        }
        return deleted;
    }
}
