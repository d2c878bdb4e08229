using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Functions.Stages;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Functions.Tests;

/// <summary>Failures: a stage that keeps failing ends in the poison queue; a storage outage loses nothing.</summary>
public class PoisonAndFaultTests
{
    private static async Task<string> SubmitAsync(PipelineApp app, string procurementId, string supplier)
    {
        var (assessmentId, token) = await app.InviteAsync(procurementId, supplier, $"{Guid.NewGuid():N}@supplier.example");
        var answering = new Answering(app.Anonymous, token);
        await answering.OpenAsync();
        Assert.Equal(HttpStatusCode.OK, (await answering.SaveAsync(answering.AnswersFor(2, 1, "ok"))).StatusCode);
        await answering.AttachRequiredEvidenceAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await answering.SubmitAsync()).StatusCode);
        return assessmentId;
    }

    [Fact]
    public async Task Email_that_fails_five_times_moves_its_message_to_the_poison_queue_and_the_report_stays()
    {
        await using var app = new PipelineApp();
        await app.InitializeAsync();
        var procurementId = await app.CreateProcurementAsync();
        var (assessmentId, token) = await app.InviteAsync(procurementId, "Unlucky Hosting", "sec@unlucky.example");
        var answering = new Answering(app.Anonymous, token);
        await answering.OpenAsync();
        await answering.SaveAsync(answering.AnswersFor(2, 1, "ok"));
        await answering.AttachRequiredEvidenceAsync();
        app.Mail.FailNext(1000, 500); // from now on SendGrid answers 500
        Assert.Equal(HttpStatusCode.Accepted, (await answering.SubmitAsync()).StatusCode);

        var poison = app.Services.GetRequiredService<StorageAccount>().Queue(StageQueues.ReportReady + "-poison");
        string? poisoned = null;
        for (var i = 0; i < 300 && poisoned is null; i++)
        {
            var peeked = (await poison.PeekMessagesAsync(1)).Value;
            poisoned = peeked.Length == 1 ? peeked[0].Body.ToString() : null;
            await Task.Delay(100);
        }
        Assert.NotNull(poisoned);
        Assert.Contains(assessmentId, poisoned);
        Assert.DoesNotContain(app.Mail.Mails, m => m.IdempotencyKey == $"report:{assessmentId}:v1");
        // The log names the message of each failed delivery, and says which delivery was the last.
        Assert.Contains(app.Log.Lines, l => l.Contains("NotifyProjectManager failed on message ", StringComparison.Ordinal)
            && l.Contains($" about assessment {assessmentId}, version 1 (delivery 4 of 5); the host will deliver it again", StringComparison.Ordinal));
        Assert.Contains(app.Log.Lines, l => l.Contains("NotifyProjectManager failed on message ", StringComparison.Ordinal)
            && l.Contains($" about assessment {assessmentId}, version 1 (delivery 5 of 5, the last); the host moves it to its poison queue", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Log.Lines, l => l.Contains("(delivery 5 of 5); the host will deliver it again", StringComparison.Ordinal));
        // The hourly timer says so until an operator acts (a fresh-user trial: every status said all was well).
        await app.Host.InvokeAsync("Housekeeping");
        Assert.Contains(app.Log.Lines, l => l.Contains($"Messages wait in {StageQueues.ReportReady}-poison (about 1) for an operator", StringComparison.Ordinal));
        Assert.DoesNotContain(app.Log.Lines, l => l.Contains($"Messages wait in {StageQueues.Submitted}-poison", StringComparison.Ordinal));
        // The report itself was written before the email failed: the project manager can still read it.
        var versions = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/assessments/{assessmentId}/reports");
        Assert.Equal([1], versions!.AsArray().Select(v => (int)v!["version"]!));
    }

    [Fact]
    public async Task Health_answers_503_naming_the_queue_while_a_listener_cannot_read_it_and_200_once_it_can()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var app = PipelineApp.OnOwnAzurite(azurite);
        await app.InitializeAsync();
        async Task<(HttpStatusCode Status, string Body)> HealthAsync()
        {
            using var response = await app.Anonymous.GetAsync("/health");
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        async Task<(HttpStatusCode Status, string Body)> WaitForAsync(HttpStatusCode wanted)
        {
            for (var i = 0; ; i++)
            {
                var health = await HealthAsync();
                if (health.Status == wanted || i == 100)
                {
                    return health;
                }
                await Task.Delay(100);
            }
        }
        var ready = app.Services.GetRequiredService<StorageAccount>().Queue(StageQueues.ReportReady);

        Assert.Equal(HttpStatusCode.OK, (await WaitForAsync(HttpStatusCode.OK)).Status);
        await ready.DeleteAsync();
        var degraded = await WaitForAsync(HttpStatusCode.ServiceUnavailable);
        await ready.CreateIfNotExistsAsync();
        var recovered = await WaitForAsync(HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, degraded.Status);
        var listener = Assert.Single(JsonNode.Parse(degraded.Body)!["listeners"]!.AsArray());
        Assert.Equal(StageQueues.ReportReady, (string)listener!["queue"]!);
        Assert.Equal("does not exist yet", (string)listener["problem"]!);
        Assert.Equal((HttpStatusCode.OK, """{"status":"ok"}"""), recovered);
    }

    [Fact]
    public async Task Storage_outage_while_reports_are_in_flight_loses_nothing_and_duplicates_nothing()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var app = PipelineApp.OnOwnAzurite(azurite);
        await app.InitializeAsync();
        var procurementId = await app.CreateProcurementAsync();
        var suppliers = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            suppliers.Add(await SubmitAsync(app, procurementId, $"Supplier {i}"));
        }

        await azurite.StopAsync();          // storage dies while the pipeline works on the submissions
        await Task.Delay(TimeSpan.FromSeconds(3));
        await azurite.StartAgainAsync();

        foreach (var assessmentId in suppliers)
        {
            await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v1", TimeSpan.FromSeconds(60));
        }
        await Task.Delay(TimeSpan.FromSeconds(3)); // let any duplicate show up
        foreach (var assessmentId in suppliers)
        {
            Assert.Equal(1, app.Mail.Mails.Count(m => m.IdempotencyKey == $"report:{assessmentId}:v1"));
            var versions = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/assessments/{assessmentId}/reports");
            Assert.Equal([1], versions!.AsArray().Select(v => (int)v!["version"]!));
        }
    }
}
