using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using SupplierAssessment.Adapters.Events;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Functions.Tests;

/// <summary>
/// The app with Service Bus configured, on a namespace that cannot be reached (no broker runs here): the worker
/// writes every event to the outbox with its state change and fails to publish, harmlessly and with one warning;
/// the test then publishes the same rows from its own process to the SDK's mockable sender.
/// </summary>
public class IntegrationEventTests(IntegrationEventTests.EventsApp app) : IClassFixture<IntegrationEventTests.EventsApp>
{
    private const string Marker = "ZZSUPPLIERTEXT";

    /// <summary>The pipeline app with <c>ServiceBus:FullyQualifiedNamespace</c> set to a host that does not exist.</summary>
    public sealed class EventsApp : PipelineApp
    {
        protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
        {
            ["ServiceBus:FullyQualifiedNamespace"] = "sb-supplierassessment-test.invalid",
        };
    }

    [Fact]
    public async Task Invite_submit_report_review_and_alert_level_each_leave_one_event_that_goes_out_in_order()
    {
        var procurementId = await app.CreateProcurementAsync("Events portal");
        var (assessmentId, token) = await app.InviteAsync(procurementId, $"Hosting {Marker}", "sec@events.example");
        var supplier = new Answering(app.Anonymous, token);
        await supplier.OpenAsync();
        using (var saved = await supplier.SaveAsync(supplier.AnswersFor(2, 1, $"Our answer {Marker}.")))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }
        await supplier.AttachRequiredEvidenceAsync();
        using (var submitted = await supplier.SubmitAsync())
        {
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        }
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v1", TimeSpan.FromSeconds(30));
        using (var assigned = await app.ProjectManager.PutAsJsonAsync($"/api/procurements/{procurementId}/assessments/{assessmentId}/reviewer", new { expertId = "expert@celar.example" }))
        {
            Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        }
        using (var finalized = await app.Expert.PostAsync($"/api/procurements/{procurementId}/assessments/{assessmentId}/finalize", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, finalized.StatusCode);
        }
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v2", TimeSpan.FromSeconds(30));
        using (var changed = await app.ProjectManager.PutAsJsonAsync($"/api/procurements/{procurementId}/alert-level", new { alertLevel = "high" }))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v3", TimeSpan.FromSeconds(30));

        // The worker could not reach Service Bus: everything is pending, the pipeline did its work, one warning said so.
        var outbox = app.Services.GetRequiredService<EventOutbox>();
        var pending = await outbox.ListPendingAsync();
        Assert.Equal(8, pending.Count(e => e.ProcurementId == procurementId));
        var warning = Assert.Single(app.Log.Lines, l => l.Contains("Service Bus did not accept event"));
        Assert.DoesNotContain("\n", warning.Trim()); // one line, not the SDK's stack trace

        // Service Bus is back: the test process publishes the same rows to the SDK's mockable sender.
        var sender = new RecordingSender();
        var publisher = new EventPublisher(outbox, sender, TimeProvider.System, NullLogger<EventPublisher>.Instance);
        await publisher.PublishPendingAsync();
        await publisher.PublishPendingAsync();

        var ofAssessment = sender.Received.Where(m => m.CorrelationId == assessmentId).ToArray();
        Assert.Equal(
            ["supplier.invited", "questionnaire.submitted", "report.ready", "expert.assigned", "review.finalized", "report.ready", "report.ready"],
            ofAssessment.Select(m => m.MessageId.Split('.', 4)[3]));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], ofAssessment.Select(m => int.Parse(m.MessageId.Split('.')[2])));
        var reports = ofAssessment.Where(m => m.Subject == "supplierassessment.report.ready.v1")
            .Select(m => JsonNode.Parse(m.Body.ToString())!["data"]!).ToArray();
        Assert.Equal([(1, false), (2, true), (3, true)], reports.Select(d => ((int)d["version"]!, (bool)d["verified"]!)));
        Assert.Equal(["normal", "normal", "high"], reports.Select(d => (string)d["activeAlertLevel"]!));
        Assert.EndsWith($"/api/procurements/{procurementId}/assessments/{assessmentId}/reports/1?format=pdf", (string)reports[0]["links"]!["pdf"]!);
        var alert = Assert.Single(sender.Received, m => m.CorrelationId == procurementId);
        Assert.Equal("supplierassessment.alertlevel.changed.v1", alert.Subject);

        foreach (var message in sender.Received)
        {
            var text = message.Body.ToString() + string.Join(",", message.ApplicationProperties.Values);
            Assert.DoesNotContain(Marker, text);
            Assert.DoesNotContain(token, text);
            Assert.DoesNotContain("sec@events.example", text);
        }
        Assert.Empty(await outbox.ListPendingAsync());
    }
}
