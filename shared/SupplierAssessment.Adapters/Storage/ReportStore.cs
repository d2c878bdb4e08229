using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace SupplierAssessment.Adapters.Storage;

public enum ReportFormat
{
    Html,
    Json,
}

/// <summary>Report versions as blobs, each written once: a replayed render finds its version there and writes nothing.</summary>
public sealed class ReportStore(StorageAccount account)
{
    private BlobContainerClient Container => account.Reports;

    private static string BlobName(string procurementId, string assessmentId, int version, ReportFormat format) =>
        $"{procurementId}/{assessmentId}/v{version}.{(format == ReportFormat.Html ? "html" : "json")}";

    /// <summary>Writes both files of a version unless they exist. Returns false when the version was already there.</summary>
    public async Task<bool> SaveAsync(string procurementId, string assessmentId, int version, string html, string json, CancellationToken cancellationToken = default)
    {
        var wroteJson = await CreateAsync(BlobName(procurementId, assessmentId, version, ReportFormat.Json), json, "application/json", cancellationToken);
        var wroteHtml = await CreateAsync(BlobName(procurementId, assessmentId, version, ReportFormat.Html), html, "text/html; charset=utf-8", cancellationToken);
        return wroteJson || wroteHtml;
    }

    public async Task<string?> ReadAsync(string procurementId, string assessmentId, int version, ReportFormat format, CancellationToken cancellationToken = default)
    {
        try
        {
            var content = await Container.GetBlobClient(BlobName(procurementId, assessmentId, version, format)).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToString();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The versions stored for an assessment, oldest first.</summary>
    public async Task<IReadOnlyList<int>> VersionsAsync(string procurementId, string assessmentId, CancellationToken cancellationToken = default)
    {
        var versions = new SortedSet<int>();
        await foreach (var blob in Container.GetBlobsAsync(new GetBlobsOptions { Prefix = $"{procurementId}/{assessmentId}/v" }, cancellationToken))
        {
            var name = Path.GetFileNameWithoutExtension(blob.Name);
            if (name.Length > 1 && int.TryParse(name[1..], out var version))
            {
                versions.Add(version);
            }
        }
        return [.. versions];
    }

    private async Task<bool> CreateAsync(string name, string content, string contentType, CancellationToken cancellationToken)
    {
        try
        {
            await Container.GetBlobClient(name).UploadAsync(BinaryData.FromString(content), new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false; // already written by an earlier delivery of the same message
        }
    }
}

/// <summary>Evidence files a supplier attaches, one blob each, never served with a type other than the one allowed at upload.</summary>
public sealed class EvidenceStore(StorageAccount account)
{
    public async Task SaveAsync(string procurementId, string assessmentId, string fileId, Stream content, string contentType, string fileName, CancellationToken cancellationToken = default)
    {
        await account.Evidence.GetBlobClient($"{procurementId}/{assessmentId}/{fileId}").UploadAsync(content, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders
            {
                ContentType = contentType,
                ContentDisposition = $"attachment; filename=\"{Uri.EscapeDataString(fileName)}\"",
            },
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        }, cancellationToken);
    }

    /// <summary>
    /// Removes a file that was stored but is not attached after all (its request was refused after the upload), so that
    /// no orphan blob is left behind. Not cancelled with the request: the clean-up must happen even if the client left.
    /// </summary>
    public async Task DeleteAsync(string procurementId, string assessmentId, string fileId) =>
        await account.Evidence.GetBlobClient($"{procurementId}/{assessmentId}/{fileId}").DeleteIfExistsAsync();

    public async Task<(BinaryData Content, string ContentType)?> ReadAsync(string procurementId, string assessmentId, string fileId, CancellationToken cancellationToken = default)
    {
        try
        {
            var blob = await account.Evidence.GetBlobClient($"{procurementId}/{assessmentId}/{fileId}").DownloadContentAsync(cancellationToken);
            return (blob.Value.Content, blob.Value.Details.ContentType);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
