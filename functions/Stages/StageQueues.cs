using SupplierAssessment.Adapters.Storage;

namespace SupplierAssessment.Functions.Stages;

/// <summary>Sends stage messages (base64, as the Functions queue extension reads them: see StorageAccount).</summary>
public sealed class StageQueues(StorageAccount account)
{
    public Task SendAsync(string queue, StageMessage message, CancellationToken cancellationToken = default) =>
        account.Queue(queue).SendMessageAsync(message.ToJson(), cancellationToken);
}
