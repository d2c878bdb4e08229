using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using SupplierAssessment.Functions.Hosting;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Functions.Tests;

/// <summary>
/// The whole app on Kestrel (127.0.0.1), on a real Azurite with a storage prefix of its own, mailing through the
/// real SendGrid client to a loopback capture server, with its local queue listeners running fast.
/// </summary>
public class PipelineApp : IAsyncLifetime, IAsyncDisposable
{
    public const string PmKey = "test-pm-key";
    public const string OtherPmKey = "test-other-pm-key";
    public const string ExpertKey = "test-expert-key";
    public const string OtherExpertKey = "test-other-expert-key";
    public const string AdminKey = "test-admin-key";

    private WebApplication? _app;
    private readonly AzuriteServer? _ownAzurite;

    public PipelineApp() { }

    /// <summary>An app on the given Azurite instead of the shared one.</summary>
    protected PipelineApp(AzuriteServer ownAzurite) => _ownAzurite = ownAzurite;

    /// <summary>False plays the Functions host: no local listeners, the test delivers queue messages itself.</summary>
    protected virtual bool RunQueuesLocally => true;

    /// <summary>How many deliveries before a message goes to poison (the Functions default is 5).</summary>
    protected virtual int MaxDequeueCount => 5;

    /// <summary>Whether the app seeds its sample procurement on the empty storage (as <c>scripts/run.sh</c> does).</summary>
    protected virtual bool SeedSample => false;

    /// <summary>Last say on the app's configuration, after the test settings (the benchmark silences the logs).</summary>
    protected virtual void Configure(WebApplicationBuilder builder) { }

    /// <summary>The key of the project manager who owns the sample procurement.</summary>
    public const string SamplePmKey = "test-sample-pm-key";

    /// <summary>An app on an Azurite of its own, which the test may stop and start.</summary>
    public static PipelineApp OnOwnAzurite(AzuriteServer azurite) => new(azurite);

    public AzuriteServer Azurite { get; private set; } = null!;
    public SendGridCaptureServer Mail { get; } = new();
    public HttpClient Anonymous { get; private set; } = null!;
    public HttpClient ProjectManager { get; private set; } = null!;
    public HttpClient OtherProjectManager { get; private set; } = null!;
    public HttpClient Expert { get; private set; } = null!;
    public string Prefix { get; } = "t" + Guid.NewGuid().ToString("N")[..8];
    public IServiceProvider Services => _app!.Services;

    /// <summary>Where the app listens, e.g. http://127.0.0.1:41234/ (for the browser).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Azurite = _ownAzurite ?? await AzuriteServer.Shared;
        await Mail.InitializeAsync();
        _app = SupplierAssessmentApp.Build(["--urls", "http://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = Azurite.ConnectionString,
                ["Storage:Prefix"] = Prefix,
                ["Email:SendGridApiKey"] = "SG.test-key",
                ["Email:SendGridHost"] = Mail.BaseAddress.ToString().TrimEnd('/'),
                ["Sample:Enabled"] = SeedSample.ToString(),
                ["Queues:PollInterval"] = "00:00:00.100",
                ["Queues:VisibilityTimeout"] = "00:00:02",
                ["Queues:RunLocally"] = RunQueuesLocally.ToString(),
                ["Queues:MaxDequeueCount"] = MaxDequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Identity:Users:0:Id"] = "pm@buyer.example", ["Identity:Users:0:Key"] = PmKey, ["Identity:Users:0:Roles:0"] = "projectManager",
                ["Identity:Users:1:Id"] = "other-pm@buyer.example", ["Identity:Users:1:Key"] = OtherPmKey, ["Identity:Users:1:Roles:0"] = "projectManager",
                ["Identity:Users:2:Id"] = "expert@celar.example", ["Identity:Users:2:Key"] = ExpertKey, ["Identity:Users:2:Roles:0"] = "expert",
                ["Identity:Users:3:Id"] = "other-expert@celar.example", ["Identity:Users:3:Key"] = OtherExpertKey, ["Identity:Users:3:Roles:0"] = "expert",
                ["Identity:Users:4:Id"] = "admin@buyer.example", ["Identity:Users:4:Key"] = AdminKey, ["Identity:Users:4:Roles:0"] = "admin",
                ["Identity:Users:5:Id"] = SampleProcurement.OwnerId, ["Identity:Users:5:Key"] = SamplePmKey, ["Identity:Users:5:Roles:0"] = "projectManager",
            });
            // Time a test can move (link expiry); it also moves by itself so that timestamps differ.
            builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.UtcNow) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) });
            Configure(builder);
        });
        await _app.StartAsync();
        var address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        BaseAddress = address;
        Anonymous = Client(address, null);
        ProjectManager = Client(address, PmKey);
        OtherProjectManager = Client(address, OtherPmKey);
        Expert = Client(address, ExpertKey);
        // Storage is created in the background at start: wait until the pipeline's tables answer.
        for (var i = 0; i < 100; i++)
        {
            using var probe = await ProjectManager.GetAsync("/api/procurements");
            if (probe.IsSuccessStatusCode)
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException("The app's storage was not ready within 10 s.");
    }

    public async Task DisposeAsync()
    {
        foreach (var client in new[] { Anonymous, ProjectManager, OtherProjectManager, Expert })
        {
            client?.Dispose();
        }
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        await Mail.DisposeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    internal static HttpClient Client(Uri address, string? key)
    {
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    // ---- steps in the users' words ----

    public async Task<string> CreateProcurementAsync(string name = "Portal hosting", string alertLevel = "normal")
    {
        using var response = await ProjectManager.PostAsJsonAsync("/api/procurements", new { name, profileId = "government-web-hosting", activeAlertLevel = alertLevel });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonNode>())!["id"]!;
    }

    /// <summary>Invites a supplier and returns its personal token, read from the invitation email as a supplier would.</summary>
    public async Task<(string AssessmentId, string Token)> InviteAsync(string procurementId, string supplierName, string email)
    {
        using var response = await ProjectManager.PostAsJsonAsync($"/api/procurements/{procurementId}/invitations", new { supplierName, supplierEmail = email });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var assessmentId = (string)(await response.Content.ReadFromJsonAsync<JsonNode>())!["assessment"]!["id"]!;
        var invitation = await Mail.WaitForMailAsync(m => m.To == email && m.IdempotencyKey?.StartsWith($"invitation:{assessmentId}") == true, TimeSpan.FromSeconds(10));
        return (assessmentId, TokenIn(invitation.Text!));
    }

    public static string TokenIn(string text)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, @"/q/([A-Za-z0-9_\-\.%]+)");
        Assert.True(match.Success, "the email holds a questionnaire link");
        return Uri.UnescapeDataString(match.Groups[1].Value);
    }
}
