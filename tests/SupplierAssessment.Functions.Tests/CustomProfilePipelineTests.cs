using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Functions.Stages;

namespace SupplierAssessment.Functions.Tests;

/// <summary>
/// A procurement pinned to a custom profile goes through score → render → notify with exactly the storage calls of one
/// pinned to a shipped profile: the profile travels on the procurement row, so no stage reads another row.
/// </summary>
public class CustomProfilePipelineTests(CustomProfilePipelineTests.StagesOff app) : IClassFixture<CustomProfilePipelineTests.StagesOff>
{
    /// <summary>The app with its stage triggers off (<c>AzureWebJobs.{name}.Disabled</c>): the test runs each stage itself, counting.</summary>
    public sealed class StagesOff : PipelineApp
    {
        protected override IEnumerable<string> DisabledFunctions => ["ScoreAssessment", "RenderReport", "NotifyProjectManager"];
    }

    /// <summary>The whole pipeline after submit, as docs/benchmarks.md measures it.</summary>
    private const int PipelineCallBudget = 13;

    [Fact]
    public async Task Stages_of_a_custom_profile_procurement_make_the_same_storage_calls_as_a_shipped_one()
    {
        var government = ShippedData.Profile("government-web-hosting");
        var pa08 = ProcessAreaId.Parse("PA08");
        var custom = CustomProfiles.Derive(government,
            ProfileDraft.Of(government, "en", "pipeline-strict", "Pipeline strict").WithTarget(pa08, "normal", "5"), []).Profile!;
        await app.Services.GetRequiredService<ProfileStore>().AddAsync(custom, "admin@buyer.example", DateTimeOffset.UtcNow);

        var shipped = await StageCallsAsync("government-web-hosting", "Shipped Hosting");
        var pinned = await StageCallsAsync("pipeline-strict", "Custom Hosting");

        Assert.Equal(shipped.Calls, pinned.Calls);
        Assert.True(pinned.Calls.Sum() <= PipelineCallBudget, $"score + render + notify made {string.Join(" + ", pinned.Calls)} storage calls");
        Assert.Equal(2, shipped.Report["gap"]!["variants"]![0]!["processAreas"]![7]!["target"]!.GetValue<int>());
        Assert.Equal(5, pinned.Report["gap"]!["variants"]![0]!["processAreas"]![7]!["target"]!.GetValue<int>());
    }

    /// <summary>
    /// A procurement on <paramref name="profileId"/> with one supplier who submits; then each stage handles its message
    /// as the Functions host would deliver it. Returns the storage calls of score, render and notify (with the message
    /// each passes on, which the host writes), and the report.
    /// </summary>
    private async Task<(int[] Calls, JsonNode Report)> StageCallsAsync(string profileId, string supplierName)
    {
        using var created = await app.ProjectManager.PostAsJsonAsync("/api/procurements", new { name = $"{supplierName} procurement", profileId });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var procurement = (await created.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Equal(profileId, (string)procurement["profile"]!["id"]!);
        var procurementId = (string)procurement["id"]!;

        var (assessmentId, token) = await app.InviteAsync(procurementId, supplierName, $"sec@{supplierName.Replace(' ', '-').ToLowerInvariant()}.example");
        var supplier = new Answering(app.Anonymous, token);
        await supplier.OpenAsync();
        Assert.Equal(HttpStatusCode.OK, (await supplier.SaveAsync(supplier.AnswersFor(2, 1, "Described in our security plan."))).StatusCode);
        await supplier.AttachRequiredEvidenceAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await supplier.SubmitAsync()).StatusCode);

        var account = app.Services.GetRequiredService<StorageAccount>();
        var counter = app.Services.GetRequiredService<StorageCallCounter>();
        var notify = app.Services.GetRequiredService<NotifyProjectManager>();
        // Each stage returns the message its queue output binding passes on; the host's writing it is one more call each.
        var stages = new (string Name, Func<string, CancellationToken, Task<StageMessage?>> Handle)[]
        {
            ("ScoreAssessment", app.Services.GetRequiredService<ScoreAssessment>().HandleAsync),
            ("RenderReport", app.Services.GetRequiredService<RenderReport>().HandleAsync),
            ("NotifyProjectManager", async (text, ct) => { await notify.HandleAsync(text, ct); return null; }),
        };
        var submitted = (await account.Queue(StageQueues.Submitted).ReceiveMessagesAsync(1)).Value.Single();
        await account.Queue(StageQueues.Submitted).DeleteMessageAsync(submitted.MessageId, submitted.PopReceipt);
        string? text = submitted.Body.ToString();
        Assert.Contains(assessmentId, text);
        var calls = new List<int>();
        foreach (var (name, handle) in stages)
        {
            Assert.True(text is not null, $"the stage before {name} passed nothing on");
            var before = counter.Calls;
            var next = await handle(text, CancellationToken.None);
            calls.Add((int)(counter.Calls - before) + (next is null ? 0 : 1));
            text = next?.ToJson();
        }
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v1", TimeSpan.FromSeconds(10));
        var report = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/assessments/{assessmentId}/reports/1?format=json");
        return ([.. calls], report!);
    }
}
