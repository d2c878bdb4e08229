using Azure;
using Azure.Data.Tables;

namespace SupplierAssessment.Adapters.Storage;

/// <summary>
/// One row per email the pipeline sends (key, when), so that at-least-once delivery never mails twice: the row is
/// checked before sending and written right after. Storage down before the send: nothing is sent, the message is
/// retried. The one window left: storage failing between SendGrid's 202 and the row (docs/storage.md).
/// </summary>
public sealed class NotificationLog(StorageAccount account, TimeProvider time)
{
    /// <summary>True when this notification was already sent (a replay): do nothing.</summary>
    public async Task<bool> WasSentAsync(string procurementId, string key, CancellationToken cancellationToken = default)
    {
        var row = await account.Notifications.GetEntityIfExistsAsync<TableEntity>(procurementId, Keys.Escape(key), cancellationToken: cancellationToken);
        return row.HasValue && row.Value!.GetBoolean("Sent") == true;
    }

    public Task MarkSentAsync(string procurementId, string key, CancellationToken cancellationToken = default) =>
        account.Notifications.UpsertEntityAsync(new TableEntity(procurementId, Keys.Escape(key))
        {
            ["Sent"] = true,
            ["SentAt"] = time.GetUtcNow(),
        }, TableUpdateMode.Merge, cancellationToken);
}
