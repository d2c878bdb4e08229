using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using SupplierAssessment.Adapters.Storage;

namespace SupplierAssessment.Functions.Hosting;

/// <summary>
/// Around every function (worker middleware, innermost): counts the storage calls the invocation makes
/// (<see cref="StorageCallCounter.BeginScope"/>, every Azure SDK request of the function's async flow, one per call
/// whatever the retries) and logs one structured line when it ends, failed or not: <c>{Function} made {StorageCalls}
/// storage calls</c>. At Information (Debug when it made none), the level host.json logs functions at: it is cost telemetry (storage is billed
/// per transaction), to be summed per function in Application Insights' traces (customDimensions Function and
/// StorageCalls) and read by the pipeline benchmark from the host's log. Calls made by the middleware around it
/// (sign-in, problem+json) and by the host itself (queue polling, deleting a processed message) are not counted.
/// </summary>
internal sealed class StorageCallsMiddleware(StorageCallCounter counter, ILogger<StorageCallsMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        using var scope = counter.BeginScope();
        try
        {
            await next(context);
        }
        finally
        {
            // An invocation without storage (a health probe, every few seconds) costs nothing: no line unless debugging.
            logger.Log(scope.Calls == 0 ? LogLevel.Debug : LogLevel.Information, "{Function} made {StorageCalls} storage calls",
                context.FunctionDefinition.Name, scope.Calls);
        }
    }
}
