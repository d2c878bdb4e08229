namespace SupplierAssessment.Adapters.Storage;

/// <summary>Storage settings (section "Storage"). With no connection string the app uses the local Azurite.</summary>
public sealed class StorageOptions
{
    /// <summary>The well-known Azurite development account, on Azurite's default ports.</summary>
    public const string LocalAzurite = "UseDevelopmentStorage=true";

    /// <summary>A connection string (Azurite or an account key). Azure deployments use managed identity instead (docs/operations.md).</summary>
    public string ConnectionString { get; set; } = LocalAzurite;

    /// <summary>Prefix for every table, container and queue name: lets test runs share one Azurite.</summary>
    public string Prefix { get; set; } = "";
}
