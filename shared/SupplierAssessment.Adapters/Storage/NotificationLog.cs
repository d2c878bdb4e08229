using Azure;
using Azure.Data.Tables;

namespace SupplierAssessment.Adapters.Storage;

/// <summary>
/// One row per email the pipeline sends, so that at-least-once delivery never mails twice: a row marked sent
/// means "done"; the row is written before sending, so if storage is down nothing is sent and the message is retried.
/// </summary>
public sealed class NotificationLog(StorageAccount account, TimeProvider time)
{
    /// <summary>True when this notification was already sent (a replay): do nothing.</summary>
    public async Task<bool> WasSentAsync(string procurementId, string key, CancellationToken cancellationToken = default)
    {
        var row = await account.Notifications.GetEntityIfExistsAsync<TableEntity>(procurementId, Keys.Escape(key), cancellationToken: cancellationToken);
        return row.HasValue && row.Value!.GetBoolean("Sent") == true;
    }

    public Task MarkSendingAsync(string procurementId, string key, CancellationToken cancellationToken = default) =>
        account.Notifications.UpsertEntityAsync(new TableEntity(procurementId, Keys.Escape(key))
        {
            ["Sent"] = false,
            ["StartedAt"] = time.GetUtcNow(),
        }, TableUpdateMode.Merge, cancellationToken);

    public Task MarkSentAsync(string procurementId, string key, CancellationToken cancellationToken = default) =>
        account.Notifications.UpsertEntityAsync(new TableEntity(procurementId, Keys.Escape(key))
        {
            ["Sent"] = true,
            ["SentAt"] = time.GetUtcNow(),
        }, TableUpdateMode.Merge, cancellationToken);
}
