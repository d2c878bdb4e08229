using FunctionsLocalHost;

namespace SupplierAssessment.Functions.Tests;

/// <summary>
/// The function app under the local host, spoken to over real HTTP, with its storage pointed at a closed port:
/// what answers here answers without storage.
/// </summary>
public sealed class RunningApp : IAsyncLifetime
{
    internal const string NoStorage = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;" +
                                     "BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;";

    public LocalFunctionsHost Host { get; private set; } = null!;

    public HostLog Log { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public Uri BaseAddress => Host.BaseAddress;

    public async Task InitializeAsync()
    {
        Host = await FunctionApp.StartAsync(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = NoStorage,
            ["Storage:ConnectionString"] = NoStorage,
            ["Sample:Enabled"] = "false",
        }, Log);
        Client = new HttpClient { BaseAddress = Host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
