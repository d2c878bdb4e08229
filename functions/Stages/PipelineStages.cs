using Microsoft.Azure.Functions.Worker;

namespace SupplierAssessment.Functions.Stages;

/// <summary>
/// The queue stages and the timer. A stage that throws fails its invocation: the host delivers the message again
/// after host.json's <c>visibilityTimeout</c>, and after <c>maxDequeueCount</c> (5) deliveries moves it to
/// <c>{queue}-poison</c>. A message its stage cannot read goes there at once (<see cref="StageQueues.KeepUnreadableAsync"/>);
/// one about an assessment that is gone is logged and dropped.
/// A stage passes its message on through a queue output binding: the host adds it to the next queue once the stage
/// succeeded (nothing when it returns null) and wakes that queue's listener at once.
/// </summary>
public sealed class PipelineStages(
    ScoreAssessment score, RenderReport render, NotifyProjectManager notify, SendSupplierEmail supplierEmail, Housekeeping housekeeping, StageQueues queues,
    IConfiguration configuration, ILogger<PipelineStages> logger)
{
    /// <summary>submitted → scored (DESIGN §3): the answers become ratings, then report v1 is requested.</summary>
    [Function(nameof(ScoreAssessment))]
    [QueueOutput(StageQueues.ReportRequested)]
    public async Task<string?> ScoreAssessment([QueueTrigger(StageQueues.Submitted)] string message, CancellationToken cancellationToken) =>
        (await score.HandleAsync(message, cancellationToken))?.ToJson();

    /// <summary>Writes report version N (HTML + JSON) once, then asks for its email.</summary>
    [Function(nameof(RenderReport))]
    [QueueOutput(StageQueues.ReportReady)]
    public async Task<string?> RenderReport([QueueTrigger(StageQueues.ReportRequested)] string message, CancellationToken cancellationToken) =>
        (await render.HandleAsync(message, cancellationToken))?.ToJson();

    /// <summary>Emails the project manager once per report version, the PDF attached.</summary>
    [Function(nameof(NotifyProjectManager))]
    public Task NotifyProjectManager([QueueTrigger(StageQueues.ReportReady)] string message, CancellationToken cancellationToken) =>
        notify.HandleAsync(message, cancellationToken);

    /// <summary>
    /// Sends a supplier email (invitation, reminder, due date moved) that its request could not send: the dispatcher
    /// sends its stored follow-up here (<see cref="StageQueues.SupplierEmail"/>).
    /// </summary>
    [Function(nameof(SendSupplierEmail))]
    public Task SendSupplierEmail([QueueTrigger(StageQueues.SupplierEmail)] string message, CancellationToken cancellationToken) =>
        supplierEmail.HandleAsync(message, cancellationToken);

    /// <summary>
    /// Every minute (NCRONTAB, UTC): the outbox's dispatcher (<see cref="StageOutbox"/>). Sends again each follow-up a
    /// state change stored and no stage has settled after <c>Outbox:RedispatchAfter</c> (default 2 minutes: its send
    /// failed, or its process died after the commit), and deletes settled rows.
    /// </summary>
    [Function(nameof(DispatchFollowUps))]
    public async Task DispatchFollowUps([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var after = configuration.GetValue("Outbox:RedispatchAfter", TimeSpan.FromMinutes(2));
        var (sent, unsent, deleted) = await queues.DispatchUnsettledAsync(after, cancellationToken);
        if (sent + unsent > 0)
        {
            logger.LogWarning("Outbox: {Sent} follow-ups sent again, {Unsent} still unsent; {Deleted} settled rows removed", sent, unsent, deleted);
        }
        else if (deleted > 0)
        {
            logger.LogInformation("Outbox: nothing to send again; {Deleted} settled rows removed", deleted);
        }
    }

    /// <summary>Every hour on the hour (NCRONTAB, UTC): expires links that ran out and reminds suppliers who have not submitted.</summary>
    [Function(nameof(Housekeeping))]
    public Task Housekeeping([TimerTrigger("0 0 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        housekeeping.RunAsync(cancellationToken);
}
