using SupplierAssessment.Adapters.Storage;

namespace SupplierAssessment.Functions.Stages;

/// <summary>
/// The pipeline's Storage queues, and sending to them. Messages are base64 text, as the Functions queue trigger
/// reads them (host.json <c>messageEncoding</c>); each queue's failures end in <c>{queue}-poison</c>.
/// </summary>
public sealed class StageQueues(StorageAccount account)
{
    /// <summary>A supplier submitted: <see cref="PipelineStages.ScoreAssessment"/> rates the answers.</summary>
    public const string Submitted = "assessment-submitted";

    /// <summary>A report version is wanted: <see cref="PipelineStages.RenderReport"/> writes it.</summary>
    public const string ReportRequested = "report-requested";

    /// <summary>A report version is written: <see cref="PipelineStages.NotifyProjectManager"/> emails it.</summary>
    public const string ReportReady = "report-ready";

    public static IReadOnlyList<string> All { get; } = [Submitted, ReportRequested, ReportReady];

    public Task SendAsync(string queue, StageMessage message, CancellationToken cancellationToken = default) =>
        account.Queue(queue).SendMessageAsync(message.ToJson(), cancellationToken);
}
