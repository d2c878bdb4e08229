using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace SupplierAssessment.Adapters.Storage;

/// <summary>
/// The names of every table, container and queue, over the Azure SDK clients registered once in DI
/// (<see cref="StorageRegistration.AddStorage"/>: connection string locally, service URIs and the managed identity in
/// Azure, each client counting its requests with <see cref="StorageCallCounter"/>). Tables and containers carry
/// <see cref="StorageOptions.Prefix"/>; queues do not, since a trigger's queue name is fixed in the code.
/// </summary>
public sealed class StorageAccount
{
    public StorageAccount(TableServiceClient tables, BlobServiceClient blobs, QueueServiceClient queues, IOptions<StorageOptions> options)
    {
        Prefix = options.Value.Prefix;
        var tablePrefix = Prefix.Replace("-", ""); // table names are letters and digits only
        Procurements = tables.GetTableClient(tablePrefix + "procurements");
        Assessments = tables.GetTableClient(tablePrefix + "assessments");
        Audit = tables.GetTableClient(tablePrefix + "audit");
        Notifications = tables.GetTableClient(tablePrefix + "notifications");
        Profiles = tables.GetTableClient(tablePrefix + "profiles");
        Reports = blobs.GetBlobContainerClient(Prefix + "reports");
        Evidence = blobs.GetBlobContainerClient(Prefix + "evidence");
        DataProtectionKeys = blobs.GetBlobContainerClient(Prefix + "dataprotection");
        Queues = queues;
    }

    public string Prefix { get; }

    /// <summary>PK owner (project manager) · RK procurement id.</summary>
    public TableClient Procurements { get; }

    /// <summary>PK procurement id · RK assessment id; answers, ratings and corrections on the row.</summary>
    public TableClient Assessments { get; }

    /// <summary>PK procurement id · RK inverted time: append-only, newest first.</summary>
    public TableClient Audit { get; }

    /// <summary>PK procurement id · RK notification key: one row per email, so a replay never mails twice.</summary>
    public TableClient Notifications { get; }

    /// <summary>PK "profile" · RK {profile id}.v{version:D4}: the custom profiles, each version written once.</summary>
    public TableClient Profiles { get; }

    /// <summary>{procurement}/{assessment}/v{n}.html and .json, written once each.</summary>
    public BlobContainerClient Reports { get; }

    /// <summary>{procurement}/{assessment}/{file id}.</summary>
    public BlobContainerClient Evidence { get; }

    /// <summary>keys/{key id}.xml: the app's Data Protection key ring (<see cref="BlobKeyRing"/>).</summary>
    public BlobContainerClient DataProtectionKeys { get; }

    public QueueServiceClient Queues { get; }

    /// <summary>A queue by its name as the triggers know it (no prefix: a trigger's queue name is fixed in the code).</summary>
    public QueueClient Queue(string name) => Queues.GetQueueClient(name);

    /// <summary>Creates what is missing; run once at start, never on a request path.</summary>
    public Task EnsureCreatedAsync(IEnumerable<string> queueNames, CancellationToken cancellationToken = default) =>
        Task.WhenAll(
        [
            Procurements.CreateIfNotExistsAsync(cancellationToken),
            Assessments.CreateIfNotExistsAsync(cancellationToken),
            Audit.CreateIfNotExistsAsync(cancellationToken),
            Notifications.CreateIfNotExistsAsync(cancellationToken),
            Profiles.CreateIfNotExistsAsync(cancellationToken),
            Reports.CreateIfNotExistsAsync(cancellationToken: cancellationToken),
            Evidence.CreateIfNotExistsAsync(cancellationToken: cancellationToken),
            DataProtectionKeys.CreateIfNotExistsAsync(cancellationToken: cancellationToken),
            .. queueNames.SelectMany(name => new[] { name, name + "-poison" })
                .Select(name => Queue(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken)),
        ]);
}
