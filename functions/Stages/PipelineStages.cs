using Microsoft.Azure.Functions.Worker;

namespace SupplierAssessment.Functions.Stages;

/// <summary>
/// The queue stages and the timer. A stage that throws fails its invocation: the host delivers the message again
/// after host.json's <c>visibilityTimeout</c>, and after <c>maxDequeueCount</c> (5) deliveries moves it to
/// <c>{queue}-poison</c>. What can never succeed (a message that is no stage message) is logged and dropped.
/// A stage passes its message on through a queue output binding: the host adds it to the next queue once the stage
/// succeeded (nothing when it returns null) and wakes that queue's listener at once.
/// </summary>
public sealed class PipelineStages(ScoreAssessment score, RenderReport render, NotifyProjectManager notify, Housekeeping housekeeping)
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

    /// <summary>Every hour on the hour (NCRONTAB, UTC): expires links that ran out and reminds suppliers who have not submitted.</summary>
    [Function(nameof(Housekeeping))]
    public Task Housekeeping([TimerTrigger("0 0 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        housekeeping.RunAsync(cancellationToken);
}
