using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FunctionsLocalHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Functions.Hosting;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Functions.Tests;

/// <summary>
/// The whole function app under the local Functions host (tools/FunctionsLocalHost): the worker in its own process,
/// real HTTP on 127.0.0.1, the host polling the stage queues with host.json's semantics (retries made fast through
/// <c>AzureFunctionsJobHost__</c> settings), on an Azurite of its own, mailing through the real SendGrid client to a
/// loopback capture server. <see cref="Services"/> are the app's own services built in the test process against the
/// same storage and mail; <see cref="InviteAtAsync"/> acts in the past while the worker lives in the present.
/// </summary>
public class PipelineApp : IAsyncLifetime, IAsyncDisposable
{
    public const string PmKey = "test-pm-key";
    public const string OtherPmKey = "test-other-pm-key";
    public const string ExpertKey = "test-expert-key";
    public const string OtherExpertKey = "test-other-expert-key";
    public const string AdminKey = "test-admin-key";

    private readonly AzuriteServer? _givenAzurite;
    private IHost? _services;

    public PipelineApp() { }

    /// <summary>An app on the given Azurite (which the test may stop and start), not one of its own.</summary>
    protected PipelineApp(AzuriteServer azurite) => _givenAzurite = azurite;

    /// <summary>How many deliveries before a message goes to poison (host.json: 5).</summary>
    protected virtual int MaxDequeueCount => 5;

    /// <summary>Functions whose trigger is off (the host's <c>AzureWebJobs.{name}.Disabled</c> setting): the test runs them itself.</summary>
    protected virtual IEnumerable<string> DisabledFunctions => [];

    /// <summary>Whether the app seeds its sample procurement on the empty storage (as <c>scripts/run.sh</c> does).</summary>
    protected virtual bool SeedSample => false;

    /// <summary>Settings added to the worker's and the test services' (e.g. <c>ServiceBus:FullyQualifiedNamespace</c>).</summary>
    protected virtual IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>();

    /// <summary>
    /// The storage connection string of the worker, the host and the test services (<c>AzureWebJobsStorage</c> and
    /// <c>Storage:ConnectionString</c>): Azurite's own by default; a fault test points one endpoint at a proxy it can cut.
    /// </summary>
    protected virtual string StorageConnectionString(AzuriteServer azurite) => azurite.ConnectionString;

    /// <summary>The key of the project manager who owns the sample procurement.</summary>
    public const string SamplePmKey = "test-sample-pm-key";

    /// <summary>An app on an Azurite the test owns, which it may stop and start.</summary>
    public static PipelineApp OnOwnAzurite(AzuriteServer azurite) => new(azurite);

    public AzuriteServer Azurite { get; private set; } = null!;
    public SendGridCaptureServer Mail { get; } = new();
    public LocalFunctionsHost Host { get; private set; } = null!;
    public HostLog Log { get; } = new();
    public HttpClient Anonymous { get; private set; } = null!;
    public HttpClient ProjectManager { get; private set; } = null!;
    public HttpClient OtherProjectManager { get; private set; } = null!;
    public HttpClient Expert { get; private set; } = null!;

    /// <summary>The app's services in the test process: the same storage and mail as the worker's.</summary>
    public IServiceProvider Services => _services!.Services;

    /// <summary>Where the host listens, e.g. http://127.0.0.1:41234/ (for the browser).</summary>
    public Uri BaseAddress => Host.BaseAddress;

    public async Task InitializeAsync()
    {
        Azurite = _givenAzurite ?? await AzuriteServer.StartAsync();
        await Mail.InitializeAsync();
        var storage = StorageConnectionString(Azurite);
        var settings = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = storage,
            ["Storage:ConnectionString"] = storage,
            ["Email:SendGridApiKey"] = "SG.test-key",
            ["Email:SendGridHost"] = Mail.BaseAddress.ToString().TrimEnd('/'),
            ["Sample:Enabled"] = SeedSample.ToString(),
            // host.json's queue semantics, made fast: a failed message is seen again after 1 s, an empty queue polled every 250 ms at most.
            ["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = "00:00:01",
            ["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:00.250",
            ["AzureFunctionsJobHost__extensions__queues__maxDequeueCount"] = MaxDequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Identity:Users:0:Id"] = "pm@buyer.example", ["Identity:Users:0:Key"] = PmKey, ["Identity:Users:0:Roles:0"] = "projectManager",
            ["Identity:Users:1:Id"] = "other-pm@buyer.example", ["Identity:Users:1:Key"] = OtherPmKey, ["Identity:Users:1:Roles:0"] = "projectManager",
            ["Identity:Users:2:Id"] = "expert@celar.example", ["Identity:Users:2:Key"] = ExpertKey, ["Identity:Users:2:Roles:0"] = "expert",
            ["Identity:Users:3:Id"] = "other-expert@celar.example", ["Identity:Users:3:Key"] = OtherExpertKey, ["Identity:Users:3:Roles:0"] = "expert",
            ["Identity:Users:4:Id"] = "admin@buyer.example", ["Identity:Users:4:Key"] = AdminKey, ["Identity:Users:4:Roles:0"] = "admin",
            ["Identity:Users:5:Id"] = SampleProcurement.OwnerId, ["Identity:Users:5:Key"] = SamplePmKey, ["Identity:Users:5:Roles:0"] = "projectManager",
        };
        foreach (var (name, value) in ExtraSettings)
        {
            settings[name] = value;
        }
        foreach (var function in DisabledFunctions)
        {
            settings[$"AzureWebJobs.{function}.Disabled"] = "true";
        }
        Host = await FunctionApp.StartAsync(settings, Log);
        _services = BuildServices(settings);
        Anonymous = Client(BaseAddress, null);
        ProjectManager = Client(BaseAddress, PmKey);
        OtherProjectManager = Client(BaseAddress, OtherPmKey);
        Expert = Client(BaseAddress, ExpertKey);
        await FunctionApp.WaitForStorageAsync(ProjectManager, Azurite, Log.ToString);
    }

    /// <summary>The app's own registrations (<see cref="AppServices.AddSupplierAssessmentServices"/>) on the same settings.</summary>
    private static IHost BuildServices(IReadOnlyDictionary<string, string> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        builder.Services.AddLogging();
        builder.AddSupplierAssessmentServices();
        return builder.Build();
    }

    /// <summary>The procurement's whole audit trail as its project manager reads it (<c>GET …/audit</c>), newest first.</summary>
    public async Task<Adapters.Storage.AuditEntry[]> AuditAsync(string procurementId) =>
        (await ProjectManager.GetFromJsonAsync<Adapters.Storage.AuditEntry[]>($"/api/procurements/{procurementId}/audit",
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web)))!;

    /// <summary>
    /// Invites a supplier of the project manager's procurement as if at <paramref name="at"/>, straight into storage
    /// (the worker's clock is the real one): the link is as old as that, and works through <paramref name="due"/> (default:
    /// 30 days after <paramref name="at"/>), which becomes the procurement's due date too — as the app keeps every link on
    /// its procurement's due date (the timer moves one left behind). Returns the assessment id and the link's token.
    /// </summary>
    public async Task<(string AssessmentId, string Token)> InviteAtAsync(
        string procurementId, string supplierName, string email, DateTimeOffset at, string language = "en", AnswerDeadline? due = null)
    {
        var procurements = Services.GetRequiredService<ProcurementStore>();
        var procurement = await procurements.FindAsync("pm@buyer.example", procurementId, CancellationToken.None)
            ?? throw new InvalidOperationException($"No procurement {procurementId} of pm@buyer.example.");
        due ??= AnswerDeadline.DefaultFor(at);
        if (!procurement.AnswersDue.Equals(due))
        {
            procurement.ChangeAnswersDue(due);
            await procurements.SaveAsync(procurement, CancellationToken.None);
        }
        var (assessment, link) = Assessment.Invite(procurement.Id, supplierName, email, ShippedData.CurrentTemplate, at, due, supplierLanguage: language);
        Services.GetRequiredService<KeptLinks>().Keep(assessment, link); // sealed with the key ring the worker shares
        await Services.GetRequiredService<AssessmentStore>().AddAsync(assessment, procurement.OwnerId, CancellationToken.None);
        return (assessment.Id, link.Token);
    }

    public async Task DisposeAsync()
    {
        foreach (var client in new[] { Anonymous, ProjectManager, OtherProjectManager, Expert })
        {
            client?.Dispose();
        }
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
        _services?.Dispose();
        await Mail.DisposeAsync();
        if (_givenAzurite is null && Azurite is not null)
        {
            await Azurite.DisposeAsync();
        }
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

    /// <summary>
    /// A new procurement named <paramref name="name"/> and one invited supplier who has answered every question (scale 3,
    /// second options, evidence attached), ready to submit.
    /// </summary>
    public async Task<(string ProcurementId, string AssessmentId, Answering Supplier)> AnsweredAsync(string name)
    {
        var procurementId = await CreateProcurementAsync(name);
        var (assessmentId, token) = await InviteAsync(procurementId, name, $"{Guid.NewGuid():N}@supplier.example");
        var supplier = new Answering(Anonymous, token);
        await supplier.OpenAsync();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await supplier.SaveAsync(supplier.AnswersFor(3, 1, "Described in our security plan."))).StatusCode);
        await supplier.AttachRequiredEvidenceAsync();
        return (procurementId, assessmentId, supplier);
    }

    /// <summary>
    /// A supplier answers weakly (scale 1, first options, evidence attached) and submits; the first report's email is
    /// out; then <paramref name="expertId"/>, one of the configured experts, is assigned through the API.
    /// </summary>
    public async Task<(string ProcurementId, string AssessmentId)> ReportedAndAssignedAsync(string supplierName, string expertId = "expert@celar.example")
    {
        var procurementId = await CreateProcurementAsync($"{supplierName} procurement");
        var (assessmentId, token) = await InviteAsync(procurementId, supplierName, $"sec@{supplierName.ToLowerInvariant().Replace(' ', '-')}.example");
        var supplier = new Answering(Anonymous, token);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await supplier.OpenAsync()).StatusCode);
        using (var saved = await supplier.SaveAsync(supplier.AnswersFor(1, 0, "Described in our security plan.")))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, saved.StatusCode);
        }
        await supplier.AttachRequiredEvidenceAsync();
        using (var submitted = await supplier.SubmitAsync())
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, submitted.StatusCode);
        }
        await Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v1", TimeSpan.FromSeconds(30));
        using var assigned = await ProjectManager.PutAsJsonAsync(
            $"/api/procurements/{procurementId}/assessments/{assessmentId}/reviewer", new { expertId });
        Assert.Equal(System.Net.HttpStatusCode.OK, assigned.StatusCode);
        return (procurementId, assessmentId);
    }

    public static string TokenIn(string text)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, @"/q/([A-Za-z0-9_\-\.%]+)");
        Assert.True(match.Success, "the email holds a questionnaire link");
        return Uri.UnescapeDataString(match.Groups[1].Value);
    }
}
