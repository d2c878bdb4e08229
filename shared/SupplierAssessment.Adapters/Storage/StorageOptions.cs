namespace SupplierAssessment.Adapters.Storage;

/// <summary>Storage settings (section "Storage"). With no connection string the app uses the local Azurite.</summary>
public sealed class StorageOptions
{
    /// <summary>The well-known Azurite development account, on Azurite's default ports.</summary>
    public const string LocalAzurite = "UseDevelopmentStorage=true";

    /// <summary>A connection string (Azurite, or an account key). Ignored when the service URIs are set.</summary>
    public string ConnectionString { get; set; } = LocalAzurite;

    /// <summary>In Azure: the account's blob, queue and table endpoints, reached with the app's managed identity.</summary>
    public Uri? BlobServiceUri { get; set; }

    public Uri? QueueServiceUri { get; set; }

    public Uri? TableServiceUri { get; set; }

    /// <summary>A user-assigned identity's client id; empty for the system-assigned identity.</summary>
    public string? ManagedIdentityClientId { get; set; }

    public bool UsesManagedIdentity => BlobServiceUri is not null && QueueServiceUri is not null && TableServiceUri is not null;

    /// <summary>Prefix for every table and container name (not queues: a trigger's queue name is fixed): lets test runs share one Azurite.</summary>
    public string Prefix { get; set; } = "";
}
