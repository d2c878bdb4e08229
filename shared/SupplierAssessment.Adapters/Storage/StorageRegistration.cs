using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SupplierAssessment.Adapters.Storage;

public static class StorageRegistration
{
    /// <summary>Registers the storage clients once and the stores over them (section "Storage").</summary>
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration("Storage")
            .Validate(o => o.UsesManagedIdentity || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Set Storage:ConnectionString, or all three of Storage:BlobServiceUri, QueueServiceUri and TableServiceUri.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<StorageCallCounter>();
        builder.Services.AddSingleton(sp => new StorageAccount(sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<StorageCallCounter>()));
        builder.Services.AddSingleton<ProcurementStore>();
        builder.Services.AddSingleton<ProfileStore>();
        builder.Services.AddSingleton<AssessmentStore>();
        builder.Services.AddSingleton<ReportStore>();
        builder.Services.AddSingleton<EvidenceStore>();
        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddSingleton<NotificationLog>();
        return builder;
    }
}
