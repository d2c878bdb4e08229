using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SupplierAssessment.Adapters.Events;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Adapters.Tests.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Events;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Questionnaires;
using SupplierAssessment.Domain.Reports;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Adapters.Tests.Events;

/// <summary>
/// The integration events' outbox on real Azurite and their publishing to a <see cref="RecordingSender"/> (the SDK's
/// mocking support: no Service Bus broker runs here). Every state change of issue #14 is driven through the stores.
/// </summary>
public class EventOutboxTests : IAsyncLifetime
{
    private const string Marker = "ZZMARKER";
    private const string Owner = "pm@buyer.example";
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private IServiceProvider _services = null!;
    private AssessmentStore _assessments = null!;
    private ProcurementStore _procurements = null!;
    private EventOutbox _outbox = null!;
    private StorageAccount _account = null!;
    private StorageCallCounter _counter = null!;
    private readonly RecordingSender _sender = new();

    public async Task InitializeAsync()
    {
        _services = await StorageServices.CreateAsync("e" + Guid.NewGuid().ToString("N")[..8], new Dictionary<string, string?>
        {
            ["ServiceBus:FullyQualifiedNamespace"] = "sb-test.servicebus.windows.net",
        });
        _assessments = _services.GetRequiredService<AssessmentStore>();
        _procurements = _services.GetRequiredService<ProcurementStore>();
        _outbox = _services.GetRequiredService<EventOutbox>();
        _account = _services.GetRequiredService<StorageAccount>();
        _counter = _services.GetRequiredService<StorageCallCounter>();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private EventPublisher Publisher(RecordingSender sender) => new(_outbox, sender, TimeProvider.System, NullLogger<EventPublisher>.Instance);

    [Fact]
    public async Task Every_state_change_is_one_CloudEvent_with_its_ids_states_figures_and_routing_properties()
    {
        var (procurement, assessmentId, _) = await LifecycleAsync();

        var result = await Publisher(_sender).PublishPendingAsync();

        Assert.Equal(new PublishResult(9, 0), result);
        var ofAssessment = _sender.Received.Where(m => m.CorrelationId == assessmentId).ToArray();
        Assert.Equal(
            ["supplier.invited", "questionnaire.submitted", "report.ready", "expert.assigned", "review.finalized", "report.ready", "link.revoked", "assessment.withdrawn"],
            ofAssessment.Select(m => ((string)m.ApplicationProperties["eventType"]).Split('.')[1..^1]).Select(parts => string.Join('.', parts)));
        foreach (var (message, sequence) in ofAssessment.Select((m, i) => (m, i + 1)))
        {
            var envelope = JsonNode.Parse(message.Body.ToString())!;
            Assert.Equal("1.0", (string)envelope["specversion"]!);
            Assert.Equal(message.ApplicationProperties["eventType"], (string)envelope["type"]!);
            Assert.Equal(CloudEventMessage.Source, (string)envelope["source"]!);
            Assert.Equal(message.MessageId, (string)envelope["id"]!);
            Assert.StartsWith($"{procurement.Id}.{assessmentId}.{sequence}.", message.MessageId);
            Assert.Equal($"procurements/{procurement.Id}/assessments/{assessmentId}", (string)envelope["subject"]!);
            Assert.Equal("application/json", (string)envelope["datacontenttype"]!);
            Assert.True(DateTimeOffset.TryParse((string)envelope["time"]!, out _));
            Assert.Equal(procurement.Id, (string)envelope["data"]!["procurementId"]!);
            Assert.Equal(assessmentId, (string)envelope["data"]!["assessmentId"]!);
            Assert.Equal(procurement.Id, message.ApplicationProperties["procurementId"]);
            Assert.Equal(CloudEventMessage.ContentType, message.ContentType);
            Assert.Equal(message.ApplicationProperties["eventType"], message.Subject);
        }

        var v1 = JsonNode.Parse(ofAssessment[2].Body.ToString())!["data"]!;
        Assert.Equal(1, (int)v1["version"]!);
        Assert.False((bool)v1["verified"]!);
        Assert.Equal("reported", (string)v1["state"]!);
        Assert.Equal(["normal", "elevated", "high"], v1["missingPoints"]!.AsObject().Select(p => p.Key));
        Assert.True((int)v1["missingPoints"]!["high"]! >= (int)v1["missingPoints"]!["normal"]!);
        Assert.Equal("https://app.example/v1.json", (string)v1["links"]!["json"]!);
        Assert.Equal("government-web-hosting", ofAssessment[2].ApplicationProperties["profileId"]);
        var v2 = JsonNode.Parse(ofAssessment[5].Body.ToString())!["data"]!;
        Assert.Equal((2, true, "final"), ((int)v2["version"]!, (bool)v2["verified"]!, (string)v2["state"]!));
        Assert.Equal("expert@celar.example", (string)JsonNode.Parse(ofAssessment[3].Body.ToString())!["data"]!["expertId"]!);
        Assert.Equal(1, (int)JsonNode.Parse(ofAssessment[4].Body.ToString())!["data"]!["correctedCells"]!);

        var alert = Assert.Single(_sender.Received, m => m.CorrelationId == procurement.Id);
        Assert.Equal("supplierassessment.alertlevel.changed.v1", alert.ApplicationProperties["eventType"]);
        Assert.Equal($"{procurement.Id}.procurement.1.alertlevel.changed", alert.MessageId);
        var alertData = JsonNode.Parse(alert.Body.ToString())!["data"]!;
        Assert.Equal(("normal", "high"), ((string)alertData["previousAlertLevel"]!, (string)alertData["alertLevel"]!));
        Assert.Equal($"procurements/{procurement.Id}", (string)JsonNode.Parse(alert.Body.ToString())!["subject"]!);
        Assert.False(alert.ApplicationProperties.ContainsKey("assessmentId"));

        Assert.Empty(await _outbox.ListPendingAsync());
    }

    [Fact]
    public async Task No_message_ever_carries_a_token_an_answer_or_anything_a_supplier_typed()
    {
        var (_, _, secrets) = await LifecycleAsync();

        await Publisher(_sender).PublishPendingAsync();

        // Every event type went out at least once, so every kind of data was checked.
        Assert.Equal(IntegrationEvents.Names.Select(n => $"supplierassessment.{n}.v1").Order(),
            _sender.Received.Select(m => (string)m.ApplicationProperties["eventType"]).Distinct().Order());
        foreach (var message in _sender.Received)
        {
            var everything = string.Join("\n", [message.Body.ToString(), message.MessageId, message.CorrelationId, message.Subject,
                .. message.ApplicationProperties.Select(p => $"{p.Key}={p.Value}")]);
            Assert.DoesNotContain(Marker, everything, StringComparison.OrdinalIgnoreCase);
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(secret, everything);
            }
        }
    }

    [Fact]
    public async Task Every_message_has_exactly_the_fields_its_JSON_Schema_in_docs_events_names()
    {
        await LifecycleAsync();
        await Publisher(_sender).PublishPendingAsync();

        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(folder.FullName, "SupplierAssessment.sln")))
        {
            folder = folder.Parent!;
        }
        foreach (var message in _sender.Received)
        {
            var envelope = JsonNode.Parse(message.Body.ToString())!.AsObject();
            var name = ((string)envelope["type"]!)["supplierassessment.".Length..^".v1".Length];
            var schema = JsonNode.Parse(File.ReadAllText(Path.Combine(folder.FullName, "docs", "events", $"{name}.schema.json")))!;
            Assert.Equal((string)schema["properties"]!["type"]!["const"]!, (string)envelope["type"]!);
            Assert.Equal(schema["required"]!.AsArray().Select(n => (string)n!).Order(), envelope.Select(p => p.Key).Order());
            var data = schema["properties"]!["data"]!;
            Assert.Equal(data["required"]!.AsArray().Select(n => (string)n!).Order(), envelope["data"]!.AsObject().Select(p => p.Key).Order());
            Assert.Equal(data["properties"]!.AsObject().Select(p => p.Key).Order(), envelope["data"]!.AsObject().Select(p => p.Key).Order());
        }
    }

    [Fact]
    public async Task The_event_is_stored_with_its_state_change_or_not_at_all()
    {
        var (procurement, assessmentId, _) = await InvitedAsync();
        await Publisher(_sender).PublishPendingAsync();
        var stored = (await _assessments.FindAsync(procurement.Id, assessmentId))!;
        var stale = (await _assessments.FindAsync(procurement.Id, assessmentId))!;
        stored.Assessment.RevokeLink();
        await _assessments.SaveAsync(stored.Assessment, Owner, stored.ETag);

        // A save from a stale copy fails as a whole: its event is not stored either.
        stale.Assessment.AssignReviewer("expert@celar.example");
        await Assert.ThrowsAsync<StaleWriteException>(() => _assessments.SaveAsync(stale.Assessment, Owner, stale.ETag));

        var pending = Assert.Single(await _outbox.ListPendingAsync());
        Assert.Equal(IntegrationEvents.LinkRevoked, pending.Name);
        Assert.Null((await _assessments.FindAsync(procurement.Id, assessmentId))!.Assessment.ReviewerId);
        // The stores' own queries never see outbox rows.
        Assert.Equal([assessmentId], (await _assessments.ListAsync(procurement.Id)).Select(a => a.Assessment.Id));
    }

    [Fact]
    public async Task A_save_with_its_events_is_still_one_storage_call()
    {
        var (procurement, assessmentId, _) = await InvitedAsync();
        var stored = (await _assessments.FindAsync(procurement.Id, assessmentId))!;
        stored.Assessment.RevokeLink();

        var before = _counter.Calls;
        await _assessments.SaveAsync(stored.Assessment, Owner, stored.ETag);
        Assert.Equal(1, _counter.Calls - before);
        Assert.Equal(2, (await _outbox.ListPendingAsync()).Count);
    }

    [Fact]
    public async Task Without_the_setting_no_outbox_row_is_written_and_calls_do_not_change()
    {
        var services = await StorageServices.CreateAsync("n" + Guid.NewGuid().ToString("N")[..8]);
        var assessments = services.GetRequiredService<AssessmentStore>();
        var counter = services.GetRequiredService<StorageCallCounter>();
        Assert.False(services.GetRequiredService<EventOutbox>().Enabled);
        var (assessment, _) = Assessment.Invite("proc-off", "Hosting", "sec@hosting.example", ShippedData.CurrentTemplate, Now);

        var before = counter.Calls;
        var etag = await assessments.AddAsync(assessment, Owner);
        assessment.RevokeLink();
        await assessments.SaveAsync(assessment, Owner, etag);
        Assert.Equal(3, counter.Calls - before); // the add reads its email's claim, then writes row and claim together; the save is one

        Assert.Empty(await services.GetRequiredService<EventOutbox>().ListPendingAsync());
    }

    [Fact]
    public async Task A_stream_s_published_rows_are_deleted_in_one_call_after_its_sends()
    {
        var procurement = await ThreeEventsAsync();
        var pending = await _outbox.ListPendingAsync(_account.Assessments.Name, procurement.Id);
        Assert.Equal(3, pending.Count);

        var before = _counter.Calls;
        Assert.Equal(new PublishResult(3, 0), await Publisher(_sender).PublishAsync(pending));
        Assert.Equal(1, _counter.Calls - before); // three sends, then the three rows in one entity group transaction
        Assert.Empty(await _outbox.ListPendingAsync());
    }

    [Fact]
    public async Task A_failing_sender_leaves_the_events_pending_and_a_later_run_sends_each_once_in_order()
    {
        await ThreeEventsAsync();

        _sender.Down = true;
        var publisher = Publisher(_sender);
        Assert.Equal(new PublishResult(0, 3), await publisher.PublishPendingAsync());
        Assert.Equal(1, _sender.Attempts); // the stream stopped at its first failure: order holds
        Assert.Equal(3, (await _outbox.ListPendingAsync()).Count);

        _sender.Down = false;
        Assert.Equal(new PublishResult(3, 0), await publisher.PublishPendingAsync());
        Assert.Equal(new PublishResult(0, 0), await publisher.PublishPendingAsync());
        Assert.Equal(["supplier.invited", "expert.assigned", "link.revoked"], _sender.Received.Select(m => m.MessageId.Split('.', 4)[3]));
        Assert.Equal([1, 2, 3], _sender.Received.Select(m => int.Parse(m.MessageId.Split('.')[2])));
    }

    [Fact]
    public async Task An_outage_is_logged_once_and_pauses_publishing_after_functions_for_a_minute()
    {
        var (procurement, assessmentId, _) = await InvitedAsync();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now);
        var log = new ListLogger();
        var publisher = new EventPublisher(_outbox, _sender, time, log);
        IReadOnlyList<(string, string)> partition = [(_account.Assessments.Name, procurement.Id)];
        _sender.Down = true;

        Assert.Equal(new PublishResult(0, 1), await publisher.PublishPartitionsAsync(partition));
        Assert.True(publisher.Paused);
        Assert.Equal(new PublishResult(0, 0), await publisher.PublishPartitionsAsync(partition)); // paused: not even tried
        Assert.Equal(1, _sender.Attempts);
        time.Advance(EventPublisher.PauseAfterFailure);
        Assert.Equal(new PublishResult(0, 1), await publisher.PublishPartitionsAsync(partition));
        Assert.Equal(new PublishResult(0, 1), await publisher.PublishPendingAsync()); // the timer always tries
        Assert.Single(log.Warnings);

        _sender.Down = false;
        Assert.Equal(new PublishResult(1, 0), await publisher.PublishPendingAsync());
        Assert.False(publisher.Paused);
        Assert.Contains(log.Lines, l => l == "Service Bus accepts events again");
        Assert.Equal(assessmentId, Assert.Single(_sender.Received).CorrelationId);
    }

    /// <summary>Keeps what the publisher logs.</summary>
    private sealed class ListLogger : Microsoft.Extensions.Logging.ILogger<EventPublisher>
    {
        private readonly List<(Microsoft.Extensions.Logging.LogLevel Level, string Text)> _entries = [];

        public IEnumerable<string> Lines => _entries.Select(e => e.Text);

        public IEnumerable<string> Warnings => _entries.Where(e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning).Select(e => e.Text);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _entries.Add((logLevel, formatter(state, exception)));
    }

    [Fact]
    public async Task A_refused_send_stops_the_run_after_one_try_and_the_next_run_sends_every_stream_in_order()
    {
        var (procurement, first, _) = await InvitedAsync();
        var (second, _) = Assessment.Invite(procurement.Id, "Second Hosting", "sec@second.example", ShippedData.CurrentTemplate, Now);
        await _assessments.AddAsync(second, Owner);
        foreach (var id in new[] { first, second.Id })
        {
            var stored = (await _assessments.FindAsync(procurement.Id, id))!;
            stored.Assessment.RevokeLink();
            await _assessments.SaveAsync(stored.Assessment, Owner, stored.ETag);
        }
        var pending = await _outbox.ListPendingAsync();

        _sender.FailNext = 1; // Service Bus refuses the first send: the other stream would meet the same outage
        Assert.Equal(new PublishResult(0, 4), await Publisher(_sender).PublishAsync(pending));
        Assert.Equal(1, _sender.Attempts); // one try, not one per stream: an outage costs one short request
        Assert.Empty(_sender.Received);

        await Publisher(_sender).PublishPendingAsync();
        foreach (var stream in new[] { first, second.Id })
        {
            Assert.Equal(["supplier.invited", "link.revoked"],
                _sender.Received.Where(m => m.CorrelationId == stream).Select(m => m.MessageId.Split('.', 4)[3]));
        }
    }

    [Fact]
    public async Task A_replayed_send_carries_the_same_MessageId_for_duplicate_detection()
    {
        await InvitedAsync();
        var pending = await _outbox.ListPendingAsync();

        // A publisher that died after Service Bus accepted, before deleting the row, sends the same rows again.
        await Publisher(_sender).PublishAsync(pending);
        await Publisher(_sender).PublishAsync(pending);

        Assert.Equal(2, _sender.Received.Count);
        Assert.Equal(_sender.Received[0].MessageId, _sender.Received[1].MessageId);
        Assert.Equal(_sender.Received[0].Body.ToString(), _sender.Received[1].Body.ToString());
    }

    /// <summary>One assessment's stream of three events (invited, expert assigned, link revoked), all pending.</summary>
    private async Task<Procurement> ThreeEventsAsync()
    {
        var (procurement, assessmentId, _) = await InvitedAsync();
        var stored = (await _assessments.FindAsync(procurement.Id, assessmentId))!;
        stored.Assessment.AssignReviewer("expert@celar.example");
        stored.Assessment.RevokeLink();
        await _assessments.SaveAsync(stored.Assessment, Owner, stored.ETag);
        return procurement;
    }

    private async Task<(Procurement Procurement, string AssessmentId, string Token)> InvitedAsync()
    {
        var procurement = Procurement.Create(Ids.New(), Owner, $"Portal {Marker}", "pm@buyer.example",
            ShippedData.Profile("government-web-hosting"), "normal", null, Now);
        await _procurements.AddAsync(procurement);
        var (assessment, link) = Assessment.Invite(procurement.Id, $"Hosting {Marker} Ltd", $"{Marker}@hosting.example", ShippedData.CurrentTemplate, Now);
        await _assessments.AddAsync(assessment, Owner);
        return (procurement, assessment.Id, link.Token);
    }

    /// <summary>
    /// Every state change of issue #14 on one assessment and its procurement, through the stores; the supplier's
    /// name, e-mail, text answers, evidence file names and the expert's note carry <see cref="Marker"/>.
    /// Returns the procurement, the assessment id, and the secrets no message may hold (token, link hash).
    /// </summary>
    private async Task<(Procurement Procurement, string AssessmentId, string[] Secrets)> LifecycleAsync()
    {
        var template = ShippedData.CurrentTemplate;
        var (procurement, id, token) = await InvitedAsync();
        var stored = (await _assessments.FindAsync(procurement.Id, id))!;
        var a = stored.Assessment;
        var secrets = new[] { token, a.LinkHash };
        a.SaveAnswers(new AnswerChanges(template.Questions.Where(q => q.Kind != QuestionKind.Evidence).ToDictionary(q => q.Id, q => q.Kind switch
        {
            QuestionKind.Scale => (Answer)new ScaleAnswer(2),
            QuestionKind.Choice => new ChoiceAnswer(q.Options[0].Id),
            _ => new TextAnswer($"Our policy {Marker} is reviewed yearly."),
        }), []));
        foreach (var question in template.Questions.Where(q => q.Kind == QuestionKind.Evidence && q.Required))
        {
            a.AttachEvidence(question.Id, new EvidenceFile("ev-" + question.Id, $"{Marker}-policy.pdf", "application/pdf", 1024));
        }
        Assert.Empty(a.Submit(template, Now.AddDays(1)));
        var etag = await _assessments.SaveAsync(a, Owner, stored.ETag);
        a.RecordScore(Scoring.Rate(template, a.Answers));
        etag = await _assessments.SaveAsync(a, Owner, etag);
        var profile = ShippedData.Profile("government-web-hosting");
        a.RecordReport(AssessmentReport.Create(procurement, a, profile, ShippedData.Catalog, 1, false, Now.AddDays(1)),
            new ReportLinks("https://app.example/v1.json", "https://app.example/v1.pdf"));
        etag = await _assessments.SaveAsync(a, Owner, etag);
        a.AssignReviewer("expert@celar.example");
        a.Override(Cell.All.First(), Rating.FromPercent(100), $"Seen on site {Marker}.", "expert@celar.example", Now.AddDays(2));
        var version = a.Finalize();
        etag = await _assessments.SaveAsync(a, Owner, etag);
        a.RecordReport(AssessmentReport.Create(procurement, a, profile, ShippedData.Catalog, version, true, Now.AddDays(2)),
            new ReportLinks("https://app.example/v2.json", "https://app.example/v2.pdf"));
        a.RevokeLink();
        a.Withdraw();
        await _assessments.SaveAsync(a, Owner, etag);

        var read = (await _procurements.FindAsync(Owner, procurement.Id))!;
        read.ChangeAlertLevel(profile, "high");
        await _procurements.SaveAsync(read);
        // The procurement's own queries never see its outbox rows.
        Assert.Equal([procurement.Id], (await _procurements.ListAsync(Owner)).Select(p => p.Id));
        return (procurement, id, secrets);
    }
}
