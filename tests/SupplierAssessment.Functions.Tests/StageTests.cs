using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Functions.Stages;

namespace SupplierAssessment.Functions.Tests;

/// <summary>
/// The queue stages as the Functions host runs them: polled from their Storage queues, and replayed or fed by hand
/// through the host's admin endpoint (<c>POST /admin/functions/{name}</c>), as an operator replays a message.
/// </summary>
public class StageTests(PipelineApp app) : IClassFixture<PipelineApp>
{
    /// <summary>Runs a queue function once on this message text, as the admin endpoint does; completes when it has run.</summary>
    private Task ReplayAsync(string function, string messageText) => app.Host.InvokeAsync(function, messageText);

    [Fact]
    public async Task Submitted_assessment_is_scored_reported_and_emailed_and_replayed_messages_make_no_second_version_or_email()
    {
        var (procurementId, assessmentId, supplier) = await app.AnsweredAsync("Hosted Hosting");
        Assert.Equal(HttpStatusCode.Accepted, (await supplier.SubmitAsync()).StatusCode);
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v1", TimeSpan.FromSeconds(30));

        // The same messages again, as a host delivers a message twice after a lost acknowledgement.
        var v1 = new StageMessage(procurementId, assessmentId, Version: 1).ToJson();
        await ReplayAsync("ScoreAssessment", new StageMessage(procurementId, assessmentId).ToJson());
        await ReplayAsync("RenderReport", v1);
        await ReplayAsync("NotifyProjectManager", v1);
        await Task.Delay(TimeSpan.FromSeconds(2)); // what the replays enqueued is polled and handled too

        Assert.Equal(1, app.Mail.Mails.Count(m => m.IdempotencyKey == $"report:{assessmentId}:v1"));
        var versions = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/assessments/{assessmentId}/reports");
        Assert.Equal([1], versions!.AsArray().Select(v => (int)v!["version"]!));
        Assert.Contains(app.Log.Lines, l => l.Contains($"{assessmentId} is already reported: this delivery of its submission is a replay", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_report_notice_or_request_for_a_version_never_written_is_dropped_and_nothing_is_emailed_or_written()
    {
        var (procurementId, assessmentId, supplier) = await app.AnsweredAsync("Forged Hosting");
        Assert.Equal(HttpStatusCode.Accepted, (await supplier.SubmitAsync()).StatusCode);
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v1", TimeSpan.FromSeconds(30));

        await ReplayAsync("NotifyProjectManager", new StageMessage(procurementId, assessmentId, Version: 999).ToJson());
        await ReplayAsync("RenderReport", new StageMessage(procurementId, assessmentId, Version: 3).ToJson());
        await Task.Delay(TimeSpan.FromSeconds(1)); // anything they had enqueued would be handled now

        Assert.DoesNotContain(app.Mail.Mails, m => m.IdempotencyKey?.StartsWith($"report:{assessmentId}:v", StringComparison.Ordinal) == true
            && m.IdempotencyKey != $"report:{assessmentId}:v1");
        var versions = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/assessments/{assessmentId}/reports");
        Assert.Equal([1], versions!.AsArray().Select(v => (int)v!["version"]!));
        Assert.Contains(app.Log.Lines, l => l.Contains($"report version 999 was never written (the latest is 1)", StringComparison.Ordinal));
        Assert.Contains(app.Log.Lines, l => l.Contains($"version 3 does not follow the latest, 1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ScoreAssessment", "not json at all", "it is not a stage message's JSON (")]
    [InlineData("RenderReport", """{"procurementId":"p","assessmentId":"a","version":0}""", "it names no report version (a whole number from 1)")]
    [InlineData("NotifyProjectManager", """{"assessmentId":""}""", "it names no procurementId")]
    [InlineData("SendSupplierEmail", """{"procurementId":"p","assessmentId":"a","version":0}""", "it names no email")]
    public async Task Message_its_stage_cannot_read_is_kept_as_it_was_in_poison_at_once_with_a_log_line_naming_the_queue(string function, string text, string why)
    {
        var queue = app.Host.Functions.Single(f => f.Name == function).QueueName!;

        await ReplayAsync(function, text); // completes: kept for the operator, nothing to retry

        // The line names the copy the operator finds in the poison queue.
        var poison = app.Services.GetRequiredService<StorageAccount>().Queue(queue + "-poison");
        var kept = Assert.Single((await poison.PeekMessagesAsync(32)).Value, m => m.Body.ToString() == text);
        Assert.Contains(app.Log.Lines, l => l.Contains($"A {function} message that is not the stage message it takes was moved to {queue}-poison as message {kept.MessageId}, as it was: {why}", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ScoreAssessment", """{"procurementId":"nope","assessmentId":"nothere"}""")]
    [InlineData("RenderReport", """{"procurementId":"nope","assessmentId":"nothere","version":1}""")]
    public async Task Message_about_an_assessment_that_is_gone_is_logged_and_dropped_not_retried_into_poison(string function, string text)
    {
        await ReplayAsync(function, text); // completes: the invocation succeeded, nothing to retry
        Assert.Contains(app.Log.Lines, l => l.Contains("Dropped", StringComparison.Ordinal) && l.Contains(function, StringComparison.Ordinal));

        var queue = app.Host.Functions.Single(f => f.Name == function).QueueName!;
        await app.Services.GetRequiredService<StorageAccount>().Queue(queue).SendMessageAsync(text);
        var poison = app.Services.GetRequiredService<StorageAccount>().Queue(queue + "-poison");
        var main = app.Services.GetRequiredService<StorageAccount>().Queue(queue);
        for (var i = 0; i < 50 && (await main.PeekMessagesAsync(1)).Value.Length > 0; i++)
        {
            await Task.Delay(100);
        }
        Assert.Empty((await main.PeekMessagesAsync(1)).Value);
        Assert.False(await poison.ExistsAsync() && (await poison.PeekMessagesAsync(32)).Value.Any(m => m.Body.ToString() == text));
    }

    [Fact]
    public async Task Queue_messages_are_base64_encoded_as_the_Functions_queue_trigger_expects()
    {
        const string Queue = "encoding-check";
        var raw = new QueueClient(app.Azurite.ConnectionString, Queue); // no decoding: the text as stored
        await raw.CreateIfNotExistsAsync();
        await app.Services.GetRequiredService<StageQueues>().SendAsync(Queue, new StageMessage("p1", "a1"));

        var stored = (await raw.ReceiveMessagesAsync(1)).Value.Single();
        var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(stored.Body.ToString()));
        Assert.Equal("""{"procurementId":"p1","assessmentId":"a1","version":0,"verified":false}""", decoded);
    }
}
