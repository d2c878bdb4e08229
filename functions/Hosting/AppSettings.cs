namespace SupplierAssessment.Functions.Hosting;

/// <summary>One setting the app reads: its name as an Azure app setting (sections joined by "__").</summary>
public sealed record AppSetting(string Name, bool Secret, bool RequiredInAzure, string Default, string Meaning);

/// <summary>
/// Every setting the app reads (the worker itself, or the Functions host on its behalf), in one list:
/// docs/operations.md documents them and a test checks that the Bicep template sets each one required in Azure.
/// </summary>
public static class AppSettings
{
    public static IReadOnlyList<AppSetting> All { get; } =
    [
        new("FUNCTIONS_WORKER_RUNTIME", false, true, "—", "\"dotnet-isolated\", read by the Functions host. On Flex Consumption it is functionAppConfig.runtime (dotnet-isolated 10.0), not an app setting."),
        new("AzureWebJobsStorage", true, false, "—", "Locally (local.settings.json): the host's storage and the queue triggers' connection, UseDevelopmentStorage=true. In Azure the AzureWebJobsStorage__ settings below."),
        new("AzureWebJobsStorage__blobServiceUri", false, true, "—", "The Functions host's own storage (keys, timer locks), by managed identity."),
        new("AzureWebJobsStorage__queueServiceUri", false, true, "—", "Queue endpoint the queue triggers listen on (they name no connection, so they use AzureWebJobsStorage)."),
        new("AzureWebJobsStorage__tableServiceUri", false, true, "—", "Table endpoint of the host's storage."),
        new("AzureWebJobsStorage__credential", false, true, "—", "\"managedidentity\"."),
        new("APPLICATIONINSIGHTS_CONNECTION_STRING", false, true, "(none: no telemetry)", "Where the host's and the worker's telemetry go (Microsoft.Azure.Functions.Worker.ApplicationInsights)."),
        new("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", false, true, "(none)", "\"Authorization=AAD\": host and worker send telemetry with the managed identity (local auth is off)."),
        new("Storage__BlobServiceUri", false, true, "—", "Blob endpoint the app uses (reports, evidence), with its managed identity."),
        new("Storage__QueueServiceUri", false, true, "—", "Queue endpoint the app sends stage messages to."),
        new("Storage__TableServiceUri", false, true, "—", "Table endpoint (procurements, assessments, audit, notifications, profiles)."),
        new("Storage__ConnectionString", true, false, "UseDevelopmentStorage=true", "Locally: Azurite. Unused when the three service URIs are set."),
        new("Storage__ManagedIdentityClientId", false, false, "(system-assigned)", "Client id of a user-assigned identity, if one is used."),
        new("Storage__Prefix", false, false, "", "Prefix of every table and container name (tests). Queue names are fixed in the trigger attributes."),
        new("Email__SendGridApiKey", true, true, "(none: local outbox)", "SendGrid API key; in Azure a Key Vault reference."),
        new("Email__FromAddress", false, true, "no-reply@supplierassessment.local", "Sender of every email (a SendGrid verified sender)."),
        new("Email__FromName", false, false, "SupplierAssessment", "Sender name."),
        new("Email__SendGridHost", false, false, "(SendGrid)", "Another SendGrid-compatible endpoint (tests)."),
        new("Email__OutboxPath", false, false, ".outbox", "Folder of the local outbox when no API key is set."),
        new("Identity__Mode", false, true, "Keys", "\"AppService\" in Azure: trust App Service Authentication's principal headers."),
        new("App__PublicBaseUrl", false, true, "http://127.0.0.1:7071", "Base of the links put in emails."),
        new("ServiceBus__FullyQualifiedNamespace", false, true, "(none: no events)", "The Service Bus namespace (e.g. sb-x.servicebus.windows.net) the integration events go to, by managed identity; empty: no outbox rows, no publishing (docs/events.md)."),
        new("ServiceBus__Topic", false, true, "supplierassessment-events", "The topic the events are sent to; it must have duplicate detection on."),
        new("ServiceBus__ManagedIdentityClientId", false, false, "(system-assigned)", "Client id of a user-assigned identity for Service Bus, if one is used."),
        new("Sample__Enabled", false, true, "true (appsettings.json)", "Seed the sample procurement on empty storage: false in Azure."),
    ];
}
