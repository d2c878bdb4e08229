using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace SupplierAssessment.Functions.Tests;

/// <summary>
/// The real app on Kestrel at 127.0.0.1 on a free port, spoken to over real HTTP, with its storage pointed at a
/// closed port: what answers here answers without storage.
/// </summary>
public sealed class RunningApp : IAsyncLifetime
{
    private WebApplication? _app;

    public HttpClient Client { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        const string NoStorage = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;" +
                                 "BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;";
        _app = SupplierAssessmentApp.Build(
        [
            "--urls", "http://127.0.0.1:0", "--Storage:ConnectionString", NoStorage, "--Queues:RunLocally", "false", "--Sample:Enabled", "false",
            "--Logging:LogLevel:Default", "Error",
        ]);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address);
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
