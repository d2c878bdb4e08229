using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupplierAssessment.Adapters.Email;

namespace SupplierAssessment.Adapters.Storage;

/// <summary>
/// Another delivery holds the claim on this email and may be sending it right now (or died holding it): this delivery
/// must come back once the claim lapses (<see cref="LapsesAt"/>); by then the email is marked sent (nothing to do) or
/// the claim can be taken over (that delivery sends it). The stages send their message back for then
/// (<c>StageQueues.ComeBackWhenClaimLapsesAsync</c>) rather than fail, which would spend one of the message's deliveries.
/// </summary>
public sealed class EmailClaimHeldException(string key, DateTimeOffset lapsesAt)
    : Exception($"Email {key} is being sent by another delivery; its claim lapses at {lapsesAt:O}.")
{
    /// <summary>The email's key, e.g. <c>report:{assessment id}:v2</c>.</summary>
    public string Key { get; } = key;

    /// <summary>When the claim may be taken over.</summary>
    public DateTimeOffset LapsesAt { get; } = lapsesAt;
}

/// <summary>
/// One row per email the app sends, so that emails go out at least once and a replay is recognised (issue 13). The
/// sender claims the row (state <c>sending</c>, <c>ClaimedAt</c>) right before handing the email to SendGrid and marks
/// it <c>sent</c> after; a replay of a sent email sends nothing. A claim older than <see cref="EmailOptions.ClaimLease"/>
/// whose email is not marked sent is a sender that died (a killed process, storage failing after SendGrid's 202): the
/// next delivery takes the claim over (ETag-checked, so only one does) and sends again — possibly a second time, which
/// the recipient's mail system can recognise by the stable idempotency key (SendGrid <c>custom_args</c>, the
/// <c>X-Idempotency-Key</c> header). A fresh claim held by another delivery makes this one fail for a retry
/// (<see cref="EmailClaimHeldException"/>). If SendGrid refuses, the claim is released so that the retry can send.
/// The row is also the record of which email went out when (docs/storage.md, "Idempotency").
/// </summary>
public sealed class NotificationLog(StorageAccount account, TimeProvider time, IOptions<EmailOptions> options, ILogger<NotificationLog>? logger = null)
{
    public const string Sending = "sending";
    public const string Sent = "sent";

    /// <summary>The outcome of <see cref="TryClaimAsync"/>.</summary>
    public enum Claim
    {
        /// <summary>This delivery holds the claim: send.</summary>
        Claimed,

        /// <summary>The email was sent: nothing to do.</summary>
        AlreadySent,
    }

    private TimeSpan Lease => options.Value.ClaimLease;

    /// <summary>Whether email <paramref name="key"/> of the procurement is marked sent (one point read).</summary>
    public async Task<bool> WasSentAsync(string procurementId, string key, CancellationToken cancellationToken = default)
    {
        var row = await account.Notifications.GetEntityIfExistsAsync<TableEntity>(procurementId, Keys.Escape(key), cancellationToken: cancellationToken);
        return row.HasValue && row.Value!.GetString("State") == Sent;
    }

    /// <summary>
    /// Claims the email <paramref name="key"/>: <see cref="Claim.Claimed"/> when it is new or its earlier claim lapsed,
    /// <see cref="Claim.AlreadySent"/> when it was sent.
    /// </summary>
    /// <exception cref="EmailClaimHeldException">Another delivery claimed it less than the lease ago.</exception>
    public async Task<Claim> TryClaimAsync(string procurementId, string key, CancellationToken cancellationToken = default)
    {
        var claim = new TableEntity(procurementId, Keys.Escape(key)) { ["State"] = Sending, ["ClaimedAt"] = time.GetUtcNow(), ["Attempt"] = 1 };
        try
        {
            await account.Notifications.AddEntityAsync(claim, cancellationToken);
            return Claim.Claimed;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
        }
        var existing = await account.Notifications.GetEntityIfExistsAsync<TableEntity>(procurementId, Keys.Escape(key), cancellationToken: cancellationToken);
        if (!existing.HasValue)
        {
            return await TryClaimAsync(procurementId, key, cancellationToken); // released meanwhile: claim it afresh
        }
        var row = existing.Value!;
        if (row.GetString("State") == Sent)
        {
            return Claim.AlreadySent;
        }
        var lapsesAt = (row.GetDateTimeOffset("ClaimedAt") ?? DateTimeOffset.MinValue) + Lease;
        if (time.GetUtcNow() < lapsesAt)
        {
            throw new EmailClaimHeldException(key, lapsesAt);
        }
        claim["Attempt"] = (row.GetInt32("Attempt") ?? 1) + 1;
        try
        {
            await account.Notifications.UpdateEntityAsync(claim, row.ETag, TableUpdateMode.Replace, cancellationToken);
            // The one case that can send a copy: say so, with what the recipient can recognise it by.
            logger?.LogWarning("Email {Key}: the claim taken at {ClaimedAt:O} lapsed without the email marked sent; sending it again "
                + "(attempt {Attempt}). If the earlier sender reached SendGrid, the recipient gets a second copy with the same idempotency key",
                key, row.GetDateTimeOffset("ClaimedAt"), claim["Attempt"]);
            return Claim.Claimed;
        }
        catch (RequestFailedException e) when (e.Status is 412 or 404)
        {
            throw new EmailClaimHeldException(key, time.GetUtcNow() + Lease); // another delivery took it over first
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
    /// Sends <paramref name="send"/>'s email for <paramref name="key"/> unless it was sent: claim, send, mark sent; a
    /// refused email releases the claim and rethrows. Returns false, sending nothing, when the email was already sent.
    /// </summary>
    /// <exception cref="EmailClaimHeldException">Another delivery is sending it: retry later.</exception>
    public async Task<bool> SendOnceAsync(string procurementId, string key, Func<CancellationToken, Task> send, CancellationToken cancellationToken = default)
    {
        if (await TryClaimAsync(procurementId, key, cancellationToken) == Claim.AlreadySent)
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

    /// <summary>
    /// Claims older than the lease whose email is not marked sent: emails a dead sender may not have sent, waiting for a
    /// delivery to take them over (the operations view and Housekeeping's log line, docs/operations.md). A table scan of
    /// the <c>sending</c> rows: for the hourly timer, never a request path.
    /// </summary>
    public async Task<IReadOnlyList<(string ProcurementId, string Key, DateTimeOffset ClaimedAt)>> ListStuckAsync(CancellationToken cancellationToken = default)
    {
        var before = time.GetUtcNow() - Lease;
        var stuck = new List<(string, string, DateTimeOffset)>();
        await foreach (var row in account.Notifications.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"State eq {Sending} and ClaimedAt le {before}"), cancellationToken: cancellationToken))
        {
            stuck.Add((row.PartitionKey, Uri.UnescapeDataString(row.RowKey), row.GetDateTimeOffset("ClaimedAt") ?? default));
        }
        return stuck;
    }
}
