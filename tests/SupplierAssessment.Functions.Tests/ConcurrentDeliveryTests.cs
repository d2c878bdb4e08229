using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SupplierAssessment.Functions.Stages;

namespace SupplierAssessment.Functions.Tests;

/// <summary>The app with the stages' triggers off: the test delivers each stage's message itself, several at once.</summary>
public sealed class HandFedPipelineApp : PipelineApp
{
    protected override IEnumerable<string> DisabledFunctions => ["ScoreAssessment", "RenderReport", "NotifyProjectManager"];
}

/// <summary>
/// The same stage message delivered several times at the same moment (a follow-up sent again by a retried submit while
/// the first was still in flight, found by a fresh user's trial): each delivery succeeds, the work is done once, and no
/// invocation fails with "changed elsewhere" to be retried.
/// </summary>
public class ConcurrentDeliveryTests(HandFedPipelineApp app) : IClassFixture<HandFedPipelineApp>
{
    [Fact]
    public async Task Four_deliveries_at_once_of_a_submission_and_of_its_report_request_score_once_and_write_one_version()
    {
        var procurementId = await app.CreateProcurementAsync("Concurrent deliveries");
        var (assessmentId, token) = await app.InviteAsync(procurementId, "Twice Delivered Hosting", "sec@twice.delivered.example");
        var supplier = new Answering(app.Anonymous, token);
        (await supplier.OpenAsync()).Dispose();
        (await supplier.SaveAsync(supplier.AnswersFor(3, 2, "Described in our plan."))).Dispose();
        await supplier.AttachRequiredEvidenceAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await supplier.SubmitAsync()).StatusCode);

        var submitted = new StageMessage(procurementId, assessmentId).ToJson();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.Host.InvokeAsync("ScoreAssessment", submitted))); // none throws
        var requested = new StageMessage(procurementId, assessmentId, Version: 1).ToJson();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.Host.InvokeAsync("RenderReport", requested)));

        var audit = (await app.ProjectManager.GetFromJsonAsync<JsonArray>($"/api/procurements/{procurementId}/audit"))!;
        Assert.Single(audit, e => (string)e!["action"]! == "scored");
        Assert.Single(audit, e => (string)e!["action"]! == "report written");
        var versions = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/assessments/{assessmentId}/reports");
        Assert.Equal([1], versions!.AsArray().Select(v => (int)v!["version"]!));
        Assert.DoesNotContain(app.Log.Lines, l => l.Contains("Function ScoreAssessment failed", StringComparison.Ordinal)
            || l.Contains("Function RenderReport failed", StringComparison.Ordinal));
    }
}
