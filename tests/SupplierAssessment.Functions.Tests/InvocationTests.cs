using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Functions.Functions;

namespace SupplierAssessment.Functions.Tests;

/// <summary>Queue functions called exactly as the Functions host calls a custom handler (FUNCTIONS-CONTRACT).</summary>
public class InvocationTests(HostedPipelineApp app) : IClassFixture<HostedPipelineApp>
{
    /// <summary>
    /// The host's payload: string values JSON-encoded a second time (the message text <c>{"a":1}</c> arrives as
    /// the JSON string <c>"\"{\\\"a\\\":1}\""</c>), DequeueCount as a string.
    /// </summary>
    private static string Payload(string messageText, int dequeueCount = 1) => new JsonObject
    {
        ["Data"] = new JsonObject { ["message"] = JsonSerializer.Serialize(messageText) },
        ["Metadata"] = new JsonObject
        {
            ["DequeueCount"] = dequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Id"] = JsonSerializer.Serialize(Guid.NewGuid().ToString()),
            ["sys"] = new JsonObject { ["MethodName"] = "ScoreAssessment", ["UtcNow"] = DateTime.UtcNow.ToString("O") },
        },
    }.ToJsonString();

    private async Task<(HttpStatusCode Status, JsonNode Body)> InvokeAsync(string function, string messageText)
    {
        using var response = await app.Anonymous.PostAsync("/" + function, new StringContent(Payload(messageText), System.Text.Encoding.UTF8, "application/json"));
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonNode>())!);
    }

    /// <summary>Takes the next message of a queue as the host would, returning its text.</summary>
    private async Task<string> DequeueAsync(string queue)
    {
        var client = app.Services.GetRequiredService<StorageAccount>().Queue(queue);
        for (var i = 0; i < 50; i++)
        {
            var messages = (await client.ReceiveMessagesAsync(1)).Value;
            if (messages.Length == 1)
            {
                await client.DeleteMessageAsync(messages[0].MessageId, messages[0].PopReceipt);
                return messages[0].Body.ToString();
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"No message on {queue}.");
    }

    [Fact]
    public async Task Submitted_assessment_goes_through_score_render_and_notify_invocations_and_a_replay_sends_no_second_email()
    {
        var procurementId = await app.CreateProcurementAsync();
        var (assessmentId, token) = await app.InviteAsync(procurementId, "Hosted Hosting", "sec@hosted.example");
        var supplier = new Answering(app.Anonymous, token);
        await supplier.OpenAsync();
        Assert.Equal(HttpStatusCode.OK, (await supplier.SaveAsync(supplier.AnswersFor(3, 2, "ok"))).StatusCode);
        await supplier.AttachRequiredEvidenceAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await supplier.SubmitAsync()).StatusCode);

        var submitted = await DequeueAsync(FunctionCatalog.SubmittedQueue);
        Assert.Contains(assessmentId, submitted);
        var (status, body) = await InvokeAsync("ScoreAssessment", submitted);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.AsObject().ContainsKey("Outputs") && body.AsObject().ContainsKey("ReturnValue"));
        Assert.Contains("Done", body["Logs"]![0]!.ToString());

        var requested = await DequeueAsync(FunctionCatalog.ReportRequestedQueue);
        Assert.Equal(HttpStatusCode.OK, (await InvokeAsync("RenderReport", requested)).Status);
        Assert.Equal(HttpStatusCode.OK, (await InvokeAsync("RenderReport", requested)).Status); // replay: same version, nothing new

        var ready = await DequeueAsync(FunctionCatalog.ReportReadyQueue);
        Assert.Equal(HttpStatusCode.OK, (await InvokeAsync("NotifyProjectManager", ready)).Status);
        Assert.Equal(HttpStatusCode.OK, (await InvokeAsync("NotifyProjectManager", ready)).Status); // replay
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v1", TimeSpan.FromSeconds(5));
        Assert.Equal(1, app.Mail.Mails.Count(m => m.IdempotencyKey == $"report:{assessmentId}:v1"));

        var versions = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/assessments/{assessmentId}/reports");
        Assert.Equal([1], versions!.AsArray().Select(v => (int)v!["version"]!));
    }

    [Theory]
    [InlineData("ScoreAssessment", "not json at all")]
    [InlineData("ScoreAssessment", """{"procurementId":"nope","assessmentId":"nothere"}""")]
    [InlineData("RenderReport", """{"procurementId":"nope","assessmentId":"nothere","version":1}""")]
    [InlineData("NotifyProjectManager", """{"assessmentId":""}""")]
    public async Task Message_that_can_never_succeed_is_handled_with_an_error_not_retried(string function, string text)
    {
        var (status, body) = await InvokeAsync(function, text);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Dropped", body["Logs"]![0]!.ToString());
    }

    [Fact]
    public async Task Plain_single_encoded_string_is_read_too()
    {
        var payload = new JsonObject { ["Data"] = new JsonObject { ["message"] = """{"procurementId":"x","assessmentId":"y"}""" }, ["Metadata"] = new JsonObject() };
        using var response = await app.Anonymous.PostAsync("/ScoreAssessment", new StringContent(payload.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Dropped", await response.Content.ReadAsStringAsync()); // parsed, and found unknown
    }

    [Fact]
    public async Task Queue_messages_are_base64_encoded_as_the_Functions_queue_extension_expects()
    {
        var queue = FunctionCatalog.SubmittedQueue + "-poison";
        await app.Services.GetRequiredService<SupplierAssessment.Functions.Stages.StageQueues>()
            .SendAsync(queue, new SupplierAssessment.Functions.Stages.StageMessage("p1", "a1"));

        var raw = new QueueClient(app.Azurite.ConnectionString, app.Prefix + queue); // no decoding: the text as stored
        var stored = (await raw.ReceiveMessagesAsync(1)).Value.Single();
        await raw.DeleteMessageAsync(stored.MessageId, stored.PopReceipt);
        var decoded = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(stored.Body.ToString()));
        Assert.Equal("""{"procurementId":"p1","assessmentId":"a1","version":0,"verified":false}""", decoded);
    }
}
