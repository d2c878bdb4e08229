using Azure;
using Azure.Data.Tables;

namespace SupplierAssessment.Adapters.Storage;

/// <summary>
/// One row per email the pipeline sends, so that at-least-once queue delivery never mails twice. The sender claims the
/// row (create-if-absent, state <c>sending</c>) right before handing the email to SendGrid and marks it <c>sent</c>
/// after; a replay finds the row and sends nothing. Storage failing after SendGrid accepted the email therefore
/// cannot cause a second email. If SendGrid refuses, the claim is released so that the retry can send. The row is
/// also the record of which email went out when (docs/storage.md, "Idempotency").
/// </summary>
public sealed class NotificationLog(StorageAccount account, TimeProvider time)
{
    public const string Sending = "sending";
    public const string Sent = "sent";

    /// <summary>Claims the email <paramref name="key"/>: false when it was already sent, or is being sent (a replay).</summary>
    public async Task<bool> TryClaimAsync(string procurementId, string key, CancellationToken cancellationToken = default)
    {
        try
        {
            await account.Notifications.AddEntityAsync(new TableEntity(procurementId, Keys.Escape(key))
            {
                ["State"] = Sending,
                ["ClaimedAt"] = time.GetUtcNow(),
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>SendGrid accepted the email.</summary>
    private Task MarkSentAsync(string procurementId, string key, CancellationToken cancellationToken = default) =>
        account.Notifications.UpdateEntityAsync(new TableEntity(procurementId, Keys.Escape(key))
        {
            ["State"] = Sent,
            ["SentAt"] = time.GetUtcNow(),
        }, ETag.All, TableUpdateMode.Merge, cancellationToken);

    /// <summary>SendGrid refused the email: give the claim back so that a retry sends it.</summary>
    private Task ReleaseAsync(string procurementId, string key, CancellationToken cancellationToken = default) =>
        account.Notifications.DeleteEntityAsync(procurementId, Keys.Escape(key), ETag.All, cancellationToken);

    /// <summary>
    /// Sends <paramref name="send"/>'s email once for <paramref name="key"/>: claim, send, mark sent; a refused email
    /// releases the claim and rethrows. Returns false, sending nothing, when the email was already claimed.
    /// </summary>
    public async Task<bool> SendOnceAsync(string procurementId, string key, Func<CancellationToken, Task> send, CancellationToken cancellationToken = default)
    {
        if (!await TryClaimAsync(procurementId, key, cancellationToken))
        {
            return false;
        }
        try
        {
            await send(cancellationToken);
        }
        catch
        {
            await ReleaseAsync(procurementId, key, CancellationToken.None);
            throw;
        }
        await MarkSentAsync(procurementId, key, cancellationToken);
        return true;
    }
}
