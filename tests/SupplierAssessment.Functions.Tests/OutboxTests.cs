using System.Net;
using System.Net.Http.Json;
using Azure.Storage.Queues;
using SupplierAssessment.Functions.Stages;

namespace SupplierAssessment.Functions.Tests;

/// <summary>An app whose outbox dispatcher sends again any unsettled follow-up at once (no 2-minute wait).</summary>
public sealed class ImpatientOutboxApp : PipelineApp
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string> { ["Outbox:RedispatchAfter"] = "00:00:00" };
}

/// <summary>
/// A state change never stands without its message (issue 13 item 1): the queue service refuses the message right after
/// the change was stored, and the follow-up still comes — from the retried action or from the dispatcher timer — once.
/// </summary>
public class OutboxTests(ImpatientOutboxApp app) : IClassFixture<ImpatientOutboxApp>
{
    private QueueClient Queue(string name) => new(app.Azurite.ConnectionString, name);

    private async Task RunDispatcherAsync()
    {
        using var fired = await app.Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/admin/functions/DispatchFollowUps")
        {
            Content = JsonContent.Create(new { input = "" }), Headers = { { "x-functions-key", app.Host.MasterKey } },
        });
        Assert.Equal(HttpStatusCode.Accepted, fired.StatusCode);
    }

    [Fact]
    public async Task A_submission_whose_message_the_queue_refused_is_scored_and_emailed_once_when_the_supplier_retries()
    {
        var (_, assessmentId, supplier) = await app.AnsweredAsync("Retrying Hosting");
        await Queue(StageQueues.Submitted).DeleteAsync(); // the queue service refuses the message

        using (var submitted = await supplier.SubmitAsync())
        {
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode); // the submission is stored: the supplier is done
        }
        Assert.Contains(app.Log.Lines, l => l.Contains("was not sent", StringComparison.Ordinal) && l.Contains("the dispatcher sends it again", StringComparison.Ordinal));

        await Queue(StageQueues.Submitted).CreateIfNotExistsAsync();
        await supplier.OpenAsync();
        using (var retried = await supplier.SubmitAsync())
        {
            Assert.Equal(HttpStatusCode.Conflict, retried.StatusCode); // submitted already, and its follow-up is sent again
        }

        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v1", TimeSpan.FromSeconds(30));
        await RunDispatcherAsync(); // the settled row is removed; nothing is sent again
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(app.Mail.Mails, m => m.IdempotencyKey == $"report:{assessmentId}:v1");
        Assert.Contains(app.Log.Lines, l => l.Contains("settled rows removed", StringComparison.Ordinal)); // said, even when nothing was sent again
    }

    [Fact]
    public async Task A_finalized_review_whose_request_the_queue_refused_gets_its_verified_report_from_the_dispatcher_once()
    {
        var (procurementId, assessmentId, supplier) = await app.AnsweredAsync("Finalized Hosting");
        Assert.Equal(HttpStatusCode.Accepted, (await supplier.SubmitAsync()).StatusCode);
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v1", TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await app.ProjectManager.PutAsJsonAsync(
            $"/api/procurements/{procurementId}/assessments/{assessmentId}/reviewer", new { expertId = "expert@celar.example" })).StatusCode);
        await Queue(StageQueues.ReportRequested).DeleteAsync();

        using (var finalized = await app.Expert.PostAsync($"/api/procurements/{procurementId}/assessments/{assessmentId}/finalize", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, finalized.StatusCode);
        }
        await Queue(StageQueues.ReportRequested).CreateIfNotExistsAsync();
        await RunDispatcherAsync();

        var verified = await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v2", TimeSpan.FromSeconds(30));
        Assert.Contains("Finalized Hosting", verified.Subject);
        await RunDispatcherAsync();
        await RunDispatcherAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(app.Mail.Mails, m => m.IdempotencyKey == $"report:{assessmentId}:v2");
    }

    [Fact]
    public async Task A_message_that_is_not_base64_on_each_stage_queue_goes_to_its_poison_queue_and_the_pipeline_goes_on()
    {
        foreach (var queue in StageQueues.All)
        {
            await Queue(queue).SendMessageAsync("not base64 !!"); // as stored: the trigger cannot decode it
        }
        var (_, assessmentId, supplier) = await app.AnsweredAsync("Undisturbed Hosting");
        Assert.Equal(HttpStatusCode.Accepted, (await supplier.SubmitAsync()).StatusCode);

        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v1", TimeSpan.FromSeconds(30));
        foreach (var queue in StageQueues.All)
        {
            var poisoned = (await Queue(queue + "-poison").PeekMessagesAsync(32)).Value;
            Assert.Contains(poisoned, m => m.MessageText == "not base64 !!");
        }
        Assert.Contains(app.Log.Lines, l => l.Contains("is not base64", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_alert_level_change_whose_report_requests_the_queue_refused_requests_them_when_applied_again_once()
    {
        var (procurementId, assessmentId, supplier) = await app.AnsweredAsync("Alerted Hosting");
        Assert.Equal(HttpStatusCode.Accepted, (await supplier.SubmitAsync()).StatusCode);
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v1", TimeSpan.FromSeconds(30));
        await Queue(StageQueues.ReportRequested).DeleteAsync();

        using var changed = await app.ProjectManager.PutAsJsonAsync($"/api/procurements/{procurementId}/alert-level", new { alertLevel = "high" });
        var first = await changed.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonNode>();
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode); // the level is changed and saved
        Assert.Equal((0, 1), ((int)first!["reportsRecomputed"]!, (int)first["reportsNotYetRequested"]!));

        await Queue(StageQueues.ReportRequested).CreateIfNotExistsAsync();
        using var again = await app.ProjectManager.PutAsJsonAsync($"/api/procurements/{procurementId}/alert-level", new { alertLevel = "high" });
        var second = await again.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonNode>();
        Assert.Equal((1, 0), ((int)second!["reportsRecomputed"]!, (int)second["reportsNotYetRequested"]!));

        var v2 = await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v2", TimeSpan.FromSeconds(30));
        Assert.Contains("Alerted Hosting", v2.Subject);
        using var third = await app.ProjectManager.PutAsJsonAsync($"/api/procurements/{procurementId}/alert-level", new { alertLevel = "high" });
        Assert.Equal(0, (int)(await third.Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonNode>())!["reportsRecomputed"]!); // all at "high" now
        var audit = await app.ProjectManager.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>($"/api/procurements/{procurementId}/audit");
        Assert.Single(audit!, r => (string?)r!["action"] == "alert level changed");
    }
}
