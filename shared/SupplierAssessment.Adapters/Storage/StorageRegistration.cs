using Azure.Core;
using Azure.Identity;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SupplierAssessment.Adapters.Events;

namespace SupplierAssessment.Adapters.Storage;

public static class StorageRegistration
{
    /// <summary>
    /// Registers the Azure storage clients once (section "Storage"), through <c>Microsoft.Extensions.Azure</c>: the
    /// three service URIs with the managed identity (<see cref="DefaultAzureCredential"/>, a user-assigned one when
    /// <c>Storage:ManagedIdentityClientId</c> is set) in Azure, else the connection string (Azurite locally). Every client
    /// carries the <see cref="StorageCallCounter"/> policy; queue messages are base64, as the queue triggers read them.
    /// Then the <see cref="StorageAccount"/> over those clients, the integration events' <see cref="EventOutbox"/>
    /// (section "ServiceBus": off without a namespace) and the stores over them.
    /// </summary>
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration("Storage")
            .Validate(o => o.UsesManagedIdentity || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Set Storage:ConnectionString, or all three of Storage:BlobServiceUri, QueueServiceUri and TableServiceUri.")
            .ValidateOnStart();
        var storage = builder.Configuration.GetSection("Storage").Get<StorageOptions>() ?? new StorageOptions();
        builder.Services.AddAzureClients(clients =>
        {
            if (storage.UsesManagedIdentity)
            {
                clients.AddTableServiceClient(storage.TableServiceUri!).ConfigureOptions(Counted);
                clients.AddBlobServiceClient(storage.BlobServiceUri!).ConfigureOptions(Counted);
                clients.AddQueueServiceClient(storage.QueueServiceUri!).ConfigureOptions(Base64Counted);
                clients.UseCredential(new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = storage.ManagedIdentityClientId }));
            }
            else
            {
                clients.AddTableServiceClient(storage.ConnectionString).ConfigureOptions(Counted);
                clients.AddBlobServiceClient(storage.ConnectionString).ConfigureOptions(Counted);
                clients.AddQueueServiceClient(storage.ConnectionString).ConfigureOptions(Base64Counted);
            }
        });
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<StorageCallCounter>();
        builder.Services.AddSingleton<StorageAccount>();
        builder.Services.AddOptions<EventOptions>().BindConfiguration("ServiceBus");
        builder.Services.AddSingleton<EventOutbox>();
        builder.Services.AddSingleton<ProcurementStore>();
        builder.Services.AddSingleton<ProfileStore>();
        builder.Services.AddSingleton<AssessmentStore>();
        builder.Services.AddSingleton<EarlierAssessments>();
        builder.Services.AddSingleton<ReportStore>();
        builder.Services.AddSingleton<EvidenceStore>();
        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddSingleton<NotificationLog>();
        builder.Services.AddSingleton<StageOutbox>();
        return builder;
    }

    /// <summary>
    /// How long one try of a storage call may wait for the service (the SDK's default is 100 s): storage that hangs
    /// (a frozen emulator, a stalled connection) fails a request after at most the 4 tries of the default retry policy,
    /// some 45 s, instead of some 7 minutes (found by a fresh user's trial, issue 13). The largest payload, a 10 MiB
    /// evidence file (docs/limits.md), needs 1 MiB/s to fit in one try: far below what a function gets from storage in
    /// its region.
    /// </summary>
    public static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(10);

    private static void Counted(ClientOptions options, IServiceProvider services)
    {
        options.Retry.NetworkTimeout = NetworkTimeout;
        options.AddPolicy(services.GetRequiredService<StorageCallCounter>(), HttpPipelinePosition.PerCall);
    }

    /// <summary>The Functions queue extension reads base64 message text: the stages' messages are sent that way.</summary>
    private static void Base64Counted(QueueClientOptions options, IServiceProvider services)
    {
        options.MessageEncoding = QueueMessageEncoding.Base64;
        Counted(options, services);
    }
}
