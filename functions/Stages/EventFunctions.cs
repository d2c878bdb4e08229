using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Adapters.Events;

namespace SupplierAssessment.Functions.Stages;

/// <summary>
/// The integration events' timer (docs/events.md): sends every event still pending in the outbox — those a Service
/// Bus outage left behind, or whose function's instance stopped before publishing them. Without Service Bus configured
/// there is no <see cref="EventPublisher"/> and the run does nothing: no storage call, no Service Bus code.
/// </summary>
public sealed class EventFunctions(IServiceProvider services, ILogger<EventFunctions> logger)
{
    /// <summary>Every 5 minutes (NCRONTAB, UTC).</summary>
    [Function(nameof(PublishIntegrationEvents))]
    public async Task PublishIntegrationEvents([TimerTrigger("0 */5 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (services.GetService<EventPublisher>() is not { } publisher)
        {
            return;
        }
        var result = await publisher.PublishPendingAsync(cancellationToken);
        if (result.Pending > 0)
        {
            logger.LogInformation("{Pending} integration events still pending after the timer run", result.Pending);
        }
    }
}
