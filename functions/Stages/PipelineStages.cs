using Microsoft.Azure.Functions.Worker;

namespace SupplierAssessment.Functions.Stages;

/// <summary>
/// The queue stages and the timer. A stage that throws fails its invocation: the host delivers the message again
/// after host.json's <c>visibilityTimeout</c>, and after <c>maxDequeueCount</c> (5) deliveries moves it to
/// <c>{queue}-poison</c>. What can never succeed (a message that is no stage message) is logged and dropped.
/// </summary>
public sealed class PipelineStages(ScoreAssessment score, RenderReport render, NotifyProjectManager notify, Housekeeping housekeeping)
{
    /// <summary>submitted → scored (DESIGN §3): the answers become ratings, then report v1 is requested.</summary>
    [Function(nameof(ScoreAssessment))]
    public Task ScoreAssessment([QueueTrigger(StageQueues.Submitted)] string message, CancellationToken cancellationToken) =>
        score.HandleAsync(message, cancellationToken);

    /// <summary>Writes report version N (HTML + JSON) once, then asks for its email.</summary>
    [Function(nameof(RenderReport))]
    public Task RenderReport([QueueTrigger(StageQueues.ReportRequested)] string message, CancellationToken cancellationToken) =>
        render.HandleAsync(message, cancellationToken);

    /// <summary>Emails the project manager once per report version, the PDF attached.</summary>
    [Function(nameof(NotifyProjectManager))]
    public Task NotifyProjectManager([QueueTrigger(StageQueues.ReportReady)] string message, CancellationToken cancellationToken) =>
        notify.HandleAsync(message, cancellationToken);

    /// <summary>Every hour on the hour (NCRONTAB, UTC): expires links that ran out and reminds suppliers who have not submitted.</summary>
    [Function(nameof(Housekeeping))]
    public Task Housekeeping([TimerTrigger("0 0 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        housekeeping.RunAsync(cancellationToken);
}
