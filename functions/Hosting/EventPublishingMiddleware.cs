using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using SupplierAssessment.Adapters.Events;

namespace SupplierAssessment.Functions.Hosting;

/// <summary>
/// Right after every function (worker middleware inside the storage-call count, registered only when Service Bus is
/// configured): publishes the integration events the function stored, from the partitions it wrote them to
/// (<see cref="EventOutbox.BeginScope"/>), also when the function failed after storing them. Best effort: a failure
/// is logged by the publisher and never fails the request or stage, nor hides the function's own exception — the rows
/// stay pending and the <c>PublishIntegrationEvents</c> timer sends them.
/// </summary>
internal sealed class EventPublishingMiddleware(EventOutbox outbox, EventPublisher publisher, ILogger<EventPublishingMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        using var scope = outbox.BeginScope();
        try
        {
            await next(context);
        }
        finally
        {
            try
            {
                await publisher.PublishPartitionsAsync(scope.Partitions, context.CancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Storage failed while listing or deleting rows: they stay pending for the timer.
                logger.LogWarning("Publishing after {Function} failed; the events stay pending: {Error}", context.FunctionDefinition.Name, e.Message);
            }
        }
    }
}
