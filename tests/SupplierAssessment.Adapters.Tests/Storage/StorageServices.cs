using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Adapters.Tests.Storage;

/// <summary>The storage services as the app registers them (<see cref="StorageRegistration.AddStorage"/>), on the shared Azurite.</summary>
internal static class StorageServices
{
    /// <summary>
    /// A provider whose tables and containers carry <paramref name="prefix"/>, created before it is returned;
    /// <paramref name="settings"/> adds or overrides settings (e.g. <c>ServiceBus:FullyQualifiedNamespace</c>).
    /// </summary>
    public static async Task<IServiceProvider> CreateAsync(string prefix, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var azurite = await AzuriteServer.Shared;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:Prefix"] = prefix,
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddStorage();
        var services = builder.Services.BuildServiceProvider();
        await services.GetRequiredService<StorageAccount>().EnsureCreatedAsync([]);
        return services;
    }
}
