using System.Xml.Linq;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace SupplierAssessment.Adapters.Storage;

/// <summary>
/// The Data Protection key ring kept in blob storage (container <c>{prefix}dataprotection</c>, one blob per key,
/// <c>keys/{name}.xml</c>), so that every instance of the app — and a test process beside the worker — protects and
/// unprotects with the same keys: a sign-in session or a kept supplier link made by one instance opens on another
/// (issue 10, issue 13). The package that does this for Azure blobs is not served here; this is the same
/// <see cref="IXmlRepository"/> contract, whose two calls Data Protection makes rarely (at start and when it rolls a key).
/// </summary>
/// <remarks>
/// The keys are stored as Data Protection writes them: unencrypted XML, readable by whoever can read the storage
/// account — who could read the data they protect anyway (docs/adr/006-kept-links.md).
/// </remarks>
public sealed class BlobKeyRing(BlobContainerClient container, TimeProvider time) : IXmlRepository
{
    private const string Folder = "keys/";

    /// <summary>After storage failed, how long calls fail at once instead of waiting on storage again: 30 s.</summary>
    public static readonly TimeSpan FailFastFor = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one read or write of the ring may take, retries included: 5 s. Storage answers in milliseconds; without a
    /// bound, the client's retries kept a page waiting 25 s on an unreachable account.
    /// </summary>
    public static readonly TimeSpan CallBudget = TimeSpan.FromSeconds(5);

    private DateTimeOffset _failedAt = DateTimeOffset.MinValue;
    private string _failure = "";

    /// <summary>
    /// Every stored key element; none while the container does not exist yet. While storage is unreachable (a failure
    /// less than <see cref="FailFastFor"/> ago) it throws at once: a page that needs a key fails in milliseconds, not after
    /// the storage client's retries for each of Data Protection's calls.
    /// </summary>
    /// <exception cref="InvalidOperationException">Storage is unreachable.</exception>
    public IReadOnlyCollection<XElement> GetAllElements() => Guarded(ReadAll);

    private IReadOnlyCollection<XElement> ReadAll()
    {
        var elements = new List<XElement>();
        try
        {
            using var budget = new CancellationTokenSource(CallBudget);
            foreach (var blob in container.GetBlobs(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, Folder, budget.Token))
            {
                using var content = container.GetBlobClient(blob.Name).DownloadContent(budget.Token).Value.Content.ToStream();
                elements.Add(XElement.Load(content));
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No container yet: no keys yet; Data Protection makes the first one and stores it.
        }
        return elements;
    }

    /// <summary>Stores a new key element under <paramref name="friendlyName"/> (a new blob; an existing one is never replaced).</summary>
    /// <exception cref="InvalidOperationException">Storage is unreachable.</exception>
    public void StoreElement(XElement element, string friendlyName) => Guarded(() =>
    {
        Store(element, friendlyName);
        return 0;
    });

    private T Guarded<T>(Func<T> call)
    {
        if (time.GetUtcNow() - _failedAt < FailFastFor)
        {
            throw new InvalidOperationException($"The Data Protection key ring is unreachable: {_failure}");
        }
        try
        {
            return call();
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException or IOException or System.Net.Http.HttpRequestException or OperationCanceledException)
        {
            (_failedAt, _failure) = (time.GetUtcNow(), e.Message);
            throw new InvalidOperationException($"The Data Protection key ring is unreachable: {e.Message}", e);
        }
    }

    private void Store(XElement element, string friendlyName)
    {
        var name = Folder + string.Concat(friendlyName.Select(c => char.IsAsciiLetterOrDigit(c) || c == '-' ? c : '_')) + ".xml";
        var blob = container.GetBlobClient(name);
        var bytes = BinaryData.FromString(element.ToString(SaveOptions.DisableFormatting));
        using var budget = new CancellationTokenSource(CallBudget);
        try
        {
            blob.Upload(bytes, overwrite: false, budget.Token);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            container.CreateIfNotExists(cancellationToken: budget.Token);
            blob.Upload(bytes, overwrite: false, budget.Token);
        }
    }
}
