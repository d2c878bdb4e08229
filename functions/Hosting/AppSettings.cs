namespace SupplierAssessment.Functions.Hosting;

/// <summary>One setting the app reads: its name as an Azure app setting (sections joined by "__").</summary>
public sealed record AppSetting(string Name, bool Secret, bool RequiredInAzure, string Default, string Meaning);

/// <summary>
/// Every setting the app reads, in one list: docs/operations.md documents them and a test checks that the Bicep
/// template sets each one required in Azure.
/// </summary>
public static class AppSettings
{
    public static IReadOnlyList<AppSetting> All { get; } =
    [
        new("FUNCTIONS_WORKER_RUNTIME", false, true, "—", "\"custom\": the app is a custom handler."),
        new("AzureWebJobsStorage__blobServiceUri", false, true, "—", "The Functions host's own storage (triggers), by managed identity."),
        new("AzureWebJobsStorage__queueServiceUri", false, true, "—", "Queue endpoint the queue triggers listen on."),
        new("AzureWebJobsStorage__tableServiceUri", false, true, "—", "Table endpoint of the host's storage."),
        new("AzureWebJobsStorage__credential", false, true, "—", "\"managedidentity\"."),
        new("Storage__BlobServiceUri", false, true, "—", "Blob endpoint the app uses (reports, evidence), with its managed identity."),
        new("Storage__QueueServiceUri", false, true, "—", "Queue endpoint the app sends stage messages to."),
        new("Storage__TableServiceUri", false, true, "—", "Table endpoint (procurements, assessments, audit, notifications)."),
        new("Storage__ConnectionString", true, false, "UseDevelopmentStorage=true", "Locally: Azurite. Unused when the three service URIs are set."),
        new("Storage__ManagedIdentityClientId", false, false, "(system-assigned)", "Client id of a user-assigned identity, if one is used."),
        new("Storage__Prefix", false, false, "", "Prefix of every table, container and queue name (tests)."),
        new("Email__SendGridApiKey", true, true, "(none: local outbox)", "SendGrid API key; in Azure a Key Vault reference."),
        new("Email__FromAddress", false, true, "no-reply@supplierassessment.local", "Sender of every email (a SendGrid verified sender)."),
        new("Email__FromName", false, false, "SupplierAssessment", "Sender name."),
        new("Email__SendGridHost", false, false, "(SendGrid)", "Another SendGrid-compatible endpoint (tests)."),
        new("Email__OutboxPath", false, false, ".outbox", "Folder of the local outbox when no API key is set."),
        new("Identity__Mode", false, true, "Keys", "\"AppService\" in Azure: trust App Service Authentication's principal headers."),
        new("App__PublicBaseUrl", false, true, "http://127.0.0.1:7071", "Base of the links put in emails."),
        new("Queues__RunLocally", false, false, "true unless the Functions host started the app", "Run the queue listeners and timer in-process."),
        new("Queues__VisibilityTimeout", false, false, "00:00:30", "Local mode: how long a failed message stays hidden."),
        new("Queues__MaxDequeueCount", false, false, "5", "Local mode: deliveries before <queue>-poison."),
        new("Queues__PollInterval", false, false, "00:00:01", "Local mode: wait when a queue is empty."),
        new("Queues__HousekeepingInterval", false, false, "01:00:00", "Local mode: how often reminders and expiry run."),
        new("Housekeeping__ReminderEvery", false, false, "7.00:00:00", "Remind suppliers who have not submitted this often."),
        new("Sample__Enabled", false, true, "true (appsettings.json)", "Seed the sample procurement on empty storage: false in Azure."),
    ];
}
