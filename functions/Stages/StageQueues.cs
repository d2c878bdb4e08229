using System.Net.Sockets;
using Azure;
using SupplierAssessment.Adapters.Storage;

namespace SupplierAssessment.Functions.Stages;

/// <summary>
/// The pipeline's Storage queues, and sending to them. Messages are base64 text, as the Functions queue trigger
/// reads them (host.json <c>messageEncoding</c>); each queue's failures end in <c>{queue}-poison</c>.
/// </summary>
public sealed class StageQueues(StorageAccount account, StageOutbox outbox, TimeProvider time, ILogger<StageQueues> logger)
{
    /// <summary>A supplier submitted: <see cref="PipelineStages.ScoreAssessment"/> rates the answers.</summary>
    public const string Submitted = "assessment-submitted";

    /// <summary>A report version is wanted: <see cref="PipelineStages.RenderReport"/> writes it.</summary>
    public const string ReportRequested = "report-requested";

    /// <summary>A report version is written: <see cref="PipelineStages.NotifyProjectManager"/> emails it.</summary>
    public const string ReportReady = "report-ready";

    /// <summary>A supplier email a change stored (invitation, reminder, due date moved) to send again: <see cref="PipelineStages.SendSupplierEmail"/>.</summary>
    public const string SupplierEmail = "supplier-email";

    public static IReadOnlyList<string> All { get; } = [Submitted, ReportRequested, ReportReady, SupplierEmail];

    public Task SendAsync(string queue, StageMessage message, CancellationToken cancellationToken = default) =>
        account.Queue(queue).SendMessageAsync(message.ToJson(), cancellationToken);

    /// <summary>
    /// A delivery of <paramref name="messageText"/> on <paramref name="queue"/> found its email claimed by another
    /// delivery (<paramref name="held"/>): sends the message again, hidden until a second after the claim lapses, and
    /// logs it, so that this delivery ends without spending one of the message's <c>maxDequeueCount</c> deliveries.
    /// Failing instead made the queue bring the message back every <c>visibilityTimeout</c>: with host.json's 30 s and
    /// 5 deliveries against the 2-minute claim of a sender killed mid-send, a report email came within a second of the
    /// poison queue (issue 13, a fresh-user trial). Throws what the queue service throws: that delivery then fails and
    /// the message comes back as before.
    /// </summary>
    public async Task ComeBackWhenClaimLapsesAsync(string queue, string messageText, EmailClaimHeldException held, CancellationToken cancellationToken = default)
    {
        var hidden = held.LapsesAt - time.GetUtcNow() + TimeSpan.FromSeconds(1);
        await account.Queue(queue).SendMessageAsync(messageText, hidden > TimeSpan.FromSeconds(1) ? hidden : TimeSpan.FromSeconds(1), cancellationToken: cancellationToken);
        logger.LogWarning("Email {Key} is claimed by another delivery until {LapsesAt:O}; its message on {Queue} comes back then",
            held.Key, held.LapsesAt, queue);
    }

    /// <summary>
    /// A message on <paramref name="queue"/> that its stage cannot read (not the stage message it takes): kept as it was
    /// on <c>{queue}-poison</c> for the operator to inspect (docs/operations.md, "Poison messages"), with an error line
    /// naming the function, the queue, the copy's message id there and why, and not retried — no retry makes it readable. Until a fresh-user trial it was
    /// dropped, and the log could not say which message (issue 13). Throws what the queue service throws: the delivery
    /// then fails, and the message is kept on a later one.
    /// </summary>
    /// <param name="requirement">What the stage needs beyond a stage message, said when that is what the message lacks
    /// (<see cref="StageMessage.NoReportVersion"/>); the log line otherwise says what <see cref="StageMessage.WhyNot"/> says.</param>
    public async Task KeepUnreadableAsync(string queue, string messageText, string function, string? requirement, CancellationToken cancellationToken = default)
    {
        var why = StageMessage.WhyNot(messageText) ?? requirement ?? "it is not the stage message this function takes";
        var kept = await account.Queue(queue + "-poison").SendMessageAsync(messageText, cancellationToken); // created at start with its queue
        // The copy's id, which the operator's peek shows: the original's id no longer exists anywhere.
        logger.LogError("A {Function} message that is not the stage message it takes was moved to {Queue}-poison as message {PoisonMessageId}, as it was: {Why}",
            function, queue, kept.Value.MessageId, why);
    }

    /// <summary>
    /// The poison queues that hold messages, with about how many (the queue service's approximate count): one call per
    /// stage queue. Read by the hourly <see cref="Housekeeping"/>, so that a message waiting there — a report email never
    /// sent, a supplier email — is reported until an operator replays or clears it (a fresh-user trial found two report
    /// emails in poison while every status said all was well). Throws what the queue service throws.
    /// </summary>
    public async Task<IReadOnlyList<(string Queue, int Count)>> PoisonedAsync(CancellationToken cancellationToken = default)
    {
        var counts = await Task.WhenAll(All.Select(async queue =>
            (Queue: queue + "-poison", Count: (await account.Queue(queue + "-poison").GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount)));
        return [.. counts.Where(c => c.Count > 0)];
    }

    /// <summary>
    /// The follow-up a state change calls for: <paramref name="message"/> for <paramref name="queue"/>, naming its own
    /// outbox row. Store it with the change (<see cref="AssessmentStore.SaveAsync"/>), then <see cref="DispatchAsync"/> it.
    /// </summary>
    public FollowUp FollowUp(string queue, StageMessage message)
    {
        var rowKey = StageOutbox.NewRowKey(message.AssessmentId, time.GetUtcNow());
        return new FollowUp(queue, rowKey, (message with { Outbox = rowKey }).ToJson());
    }

    /// <summary>
    /// How long a follow-up's send may take, the storage client's retries included, before it is left to the
    /// dispatcher: with the queue service down the client retries 5 times over some 25 s, and the user's request would
    /// wait all of that for a message the outbox sends anyway (issue 13). A send cut short that did reach the queue is
    /// sent again later, which is harmless: the stages are idempotent.
    /// </summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Sends a stored follow-up now. A send that fails, or takes longer than <see cref="SendTimeout"/>, is logged, not
    /// thrown: the change is stored, and the dispatcher timer sends its follow-up again (<see cref="DispatchUnsettledAsync"/>).
    /// Returns whether it was sent.
    /// </summary>
    public async Task<bool> DispatchAsync(FollowUp followUp, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SendTimeout);
        try
        {
            await outbox.SendAsync(followUp, timeout.Token);
            return true;
        }
        // A connection reset just after the connect can escape the HTTP stack as a bare SocketException (not retried,
        // not wrapped): a queue service going down, like any other refusal (issue 13; QueueOutageTests).
        catch (Exception e) when (IsUnavailable(e) || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var error = e is OperationCanceledException ? $"no answer within {SendTimeout.TotalSeconds:0} s" : e.Message;
            logger.LogWarning("The {Queue} message of outbox row {RowKey} was not sent ({Error}); the dispatcher sends it again", followUp.Queue, followUp.RowKey, error);
            return false;
        }
    }

    /// <summary>
    /// Whether <paramref name="e"/> is storage refusing or out of reach — a status, a connection refused or reset (a bare
    /// <see cref="SocketException"/> included), an I/O error — as opposed to a fault of the code.
    /// </summary>
    public static bool IsUnavailable(Exception e) =>
        e is RequestFailedException or HttpRequestException or AggregateException or SocketException or IOException;

    /// <summary>Sends again every unsettled follow-up of one assessment (an action retried after its follow-up was lost).</summary>
    public async Task<int> DispatchUnsettledAsync(string procurementId, string assessmentId, CancellationToken cancellationToken = default)
    {
        var sent = 0;
        foreach (var followUp in await outbox.ListUnsettledAsync(procurementId, assessmentId, cancellationToken))
        {
            sent += await DispatchAsync(followUp, cancellationToken) ? 1 : 0;
        }
        return sent;
    }

    /// <summary>
    /// The dispatcher's run: sends again every follow-up still unsettled <paramref name="after"/> it was stored, and
    /// deletes the settled rows. Returns (sent again, still unsent, deleted by this run: not rows another run removed first).
    /// </summary>
    public async Task<(int Sent, int Unsent, int Deleted)> DispatchUnsettledAsync(TimeSpan after, CancellationToken cancellationToken = default)
    {
        var (unsettled, settled) = await outbox.ListAsync(time.GetUtcNow() - after, cancellationToken);
        var sent = 0;
        foreach (var (_, followUp) in unsettled)
        {
            sent += await DispatchAsync(followUp, cancellationToken) ? 1 : 0;
        }
        var deleted = await outbox.DeleteSettledAsync(settled, cancellationToken); // rows another run removed first are not counted
        return (sent, unsettled.Count - sent, deleted);
    }
}
