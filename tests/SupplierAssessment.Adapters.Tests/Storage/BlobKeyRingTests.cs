using Azure.Storage.Blobs;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using SupplierAssessment.Adapters.Storage;

namespace SupplierAssessment.Adapters.Tests.Storage;

/// <summary>
/// The Data Protection key ring in blob storage, on a real Azurite: what one instance protects another opens (issue 10's
/// kept links, issue 13's sessions across instances), and an unreachable storage fails fast.
/// </summary>
public class BlobKeyRingTests : IAsyncLifetime
{
    private StorageAccount _account = null!;

    public async Task InitializeAsync()
    {
        var services = await StorageServices.CreateAsync("k" + Guid.NewGuid().ToString("N")[..8]);
        _account = services.GetRequiredService<StorageAccount>();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>An app instance of its own: its own services and Data Protection, the key ring in <paramref name="container"/>.</summary>
    private static IDataProtector Instance(BlobContainerClient container)
    {
        var services = new ServiceCollection();
        services.AddDataProtection().SetApplicationName("SupplierAssessment");
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new BlobKeyRing(container, TimeProvider.System));
        return services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
    }

    [Fact]
    public async Task What_one_instance_protects_another_unprotects_with_the_one_key_stored_in_blob_storage()
    {
        var first = Instance(_account.DataProtectionKeys);
        var sealedLink = first.Protect("proc.assess.secret");
        var second = Instance(_account.DataProtectionKeys);
        Assert.Equal("proc.assess.secret", second.Unprotect(sealedLink));
        var keys = new List<string>();
        await foreach (var blob in _account.DataProtectionKeys.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, "keys/", default))
        {
            keys.Add(blob.Name);
        }
        Assert.Single(keys);
        Assert.EndsWith(".xml", keys[0]);
    }

    [Fact]
    public void Unreachable_storage_fails_at_once_after_the_first_failure()
    {
        var closed = new BlobContainerClient(new Uri("http://127.0.0.1:9/devstoreaccount1/dataprotection"),
            new BlobClientOptions { Retry = { MaxRetries = 0 } });
        var ring = new BlobKeyRing(closed, TimeProvider.System);
        Assert.Throws<InvalidOperationException>(() => ring.GetAllElements());
        var again = Assert.Throws<InvalidOperationException>(() => ring.GetAllElements());
        Assert.Contains("unreachable", again.Message);
        Assert.Null(again.InnerException); // answered from the remembered failure: storage was not called again
    }
}
