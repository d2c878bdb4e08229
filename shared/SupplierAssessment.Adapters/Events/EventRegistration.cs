using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace SupplierAssessment.Adapters.Events;

public static class EventRegistration
{
    /// <summary>
    /// When <c>ServiceBus:FullyQualifiedNamespace</c> is set: the <see cref="ServiceBusClient"/> (through
    /// <c>Microsoft.Extensions.Azure</c>, the managed identity by <see cref="DefaultAzureCredential"/>, one try of at most
    /// 5 s per send: the outbox retries), a sender for <c>ServiceBus:Topic</c>, and the <see cref="EventPublisher"/>.
    /// Without it nothing is registered and no Service Bus code runs. The outbox itself comes with the storage.
    /// </summary>
    public static IHostApplicationBuilder AddIntegrationEvents(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("ServiceBus").Get<EventOptions>() ?? new EventOptions();
        if (!options.Enabled)
        {
            return builder;
        }
        builder.Services.AddAzureClients(clients =>
        {
            clients.AddServiceBusClientWithNamespace(options.FullyQualifiedNamespace!)
                .ConfigureOptions(o =>
                {
                    // No retries inside a send: the outbox is the retry (the next run, the timer), and an outage must
                    // cost one short try, not a request held for tens of seconds.
                    o.RetryOptions.MaxRetries = 0;
                    o.RetryOptions.TryTimeout = TimeSpan.FromSeconds(5);
                })
                .WithCredential(new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ManagedIdentityClientId }));
        });
        builder.Services.AddSingleton(services => services.GetRequiredService<ServiceBusClient>().CreateSender(options.Topic));
        builder.Services.AddSingleton<EventPublisher>();
        return builder;
    }
}
