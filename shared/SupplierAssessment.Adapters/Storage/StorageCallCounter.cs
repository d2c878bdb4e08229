using Azure.Core;
using Azure.Core.Pipeline;

namespace SupplierAssessment.Adapters.Storage;

/// <summary>An Azure SDK pipeline policy that counts storage requests (retries included), for benchmarks and tests.</summary>
public sealed class StorageCallCounter : HttpPipelineSynchronousPolicy
{
    private long _calls;

    public long Calls => Interlocked.Read(ref _calls);

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref _calls);
}
