using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace SupplierAssessment.Functions.Tests;

/// <summary>The end-to-end path, on real Azurite, real HTTP and the real SendGrid client.</summary>
public class EndToEndTests(PipelineApp app) : IClassFixture<PipelineApp>
{
    [Fact]
    public async Task Two_suppliers_answer_get_reports_and_emails_then_the_expert_verifies_one()
    {
        var procurementId = await app.CreateProcurementAsync("Ministry portal hosting");
        var (strongId, strongToken) = await app.InviteAsync(procurementId, "Strong Hosting", "sec@strong.example");
        var (weakId, weakToken) = await app.InviteAsync(procurementId, "Weak Hosting", "sec@weak.example");

        // Each supplier opens its link, saves part of its answers, comes back, finishes and submits.
        foreach (var (token, level, option) in new[] { (strongToken, 4, 9), (weakToken, 1, 0) })
        {
            var supplier = new Answering(app.Anonymous, token);
            Assert.Equal(HttpStatusCode.OK, (await supplier.OpenAsync()).StatusCode);
            var firstTopic = (string)supplier.Questionnaire["topics"]![0]!["id"]!;
            using (var partial = await supplier.SaveAsync(supplier.AnswersFor(level, option, "Formal policy, reviewed yearly.", q => q["id"]!.ToString().StartsWith("POL"))))
            {
                Assert.Equal(HttpStatusCode.OK, partial.StatusCode);
            }

            var resumed = new Answering(app.Anonymous, token);
            await resumed.OpenAsync();
            Assert.Equal(level, (int)resumed.Questionnaire["answers"]![resumed.Questions.First(q => (string)q!["kind"]! == "scale")!["id"]!.ToString()]!);
            Assert.Equal("inProgress", (string)resumed.Questionnaire["state"]!);
            Assert.Equal(firstTopic, (string)resumed.Questionnaire["topics"]![0]!["id"]!);

            using (var rest = await resumed.SaveAsync(resumed.AnswersFor(level, option, "Described in our security plan.")))
            {
                Assert.Equal(HttpStatusCode.OK, rest.StatusCode);
            }
            await resumed.AttachRequiredEvidenceAsync();
            using var submitted = await resumed.SubmitAsync();
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        }

        // Both reports land in blob storage and both emails reach the project manager.
        var strongMail = await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{strongId}:v1", TimeSpan.FromSeconds(30));
        var weakMail = await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{weakId}:v1", TimeSpan.FromSeconds(30));
        Assert.Equal("pm@buyer.example", strongMail.To);
        Assert.Contains("Strong Hosting", strongMail.Subject);
        Assert.Contains($"/procurements/{procurementId}/assessments/{weakId}/reports/1\"", weakMail.Html);

        var html = await app.ProjectManager.GetStringAsync($"/api/procurements/{procurementId}/assessments/{strongId}/reports/1?format=html");
        Assert.Contains("Strong Hosting", html);
        var json = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/assessments/{weakId}/reports/1?format=json");
        Assert.False((bool)json!["verified"]!);
        Assert.Equal(22, json["gap"]!["achievedLevels"]!.AsObject().Count);

        // The ranking puts the stronger bidder first.
        var ranking = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/ranking");
        var bidders = ranking!["bidders"]!.AsArray();
        Assert.Equal(["Strong Hosting", "Weak Hosting"], bidders.Select(b => (string)b!["supplierName"]!));
        Assert.True((int)bidders[0]!["missingPoints"]! < (int)bidders[1]!["missingPoints"]!);

        // The expert, once assigned, corrects three cells of the weak bidder and finalizes.
        using (var assigned = await app.ProjectManager.PutAsJsonAsync($"/api/procurements/{procurementId}/assessments/{weakId}/reviewer", new { expertId = "expert@celar.example" }))
        {
            Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        }
        foreach (var (pa, cf, rating) in new[] { ("PA01", "2.1", "F"), ("PA01", "2.2", "L"), ("PA08", "2.1", "90") })
        {
            using var corrected = await app.Expert.PutAsJsonAsync($"/api/procurements/{procurementId}/assessments/{weakId}/overrides",
                new { processArea = pa, commonFeature = cf, rating, note = $"Seen on site: {pa} {cf} procedures signed and applied." });
            Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        }
        using (var finalized = await app.Expert.PostAsync($"/api/procurements/{procurementId}/assessments/{weakId}/finalize", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, finalized.StatusCode);
        }

        // A verified version 2 of the report and a second email follow.
        var verifiedMail = await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{weakId}:v2", TimeSpan.FromSeconds(30));
        Assert.Contains("Weak Hosting", verifiedMail.Subject);
        var verified = await app.Expert.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/assessments/{weakId}/reports/2?format=json");
        Assert.True((bool)verified!["verified"]!);
        Assert.Equal(3, verified["overrides"]!.AsArray().Count);
        Assert.Equal("F", (string)verified["ratings"]!["PA01"]!["2.1"]!["letter"]!);
        Assert.NotNull(verified["declared"]);
        var versions = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/assessments/{weakId}/reports");
        Assert.Equal([1, 2], versions!.AsArray().Select(v => (int)v!["version"]!));
        Assert.Equal(1, app.Mail.Mails.Count(m => m.IdempotencyKey == $"report:{weakId}:v2"));
        // Each version links every format the report API gives, and each link answers (fourth trial: pdf and csv were missing).
        foreach (var (format, mediaType) in new[] { ("html", "text/html"), ("json", "application/json"), ("pdf", "application/pdf"), ("csv", "text/csv") })
        {
            using var linked = await app.ProjectManager.GetAsync((string)versions.AsArray()[1]![format]!);
            Assert.Equal(mediaType, linked.Content.Headers.ContentType!.MediaType);
        }

        var audit = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/audit");
        var actions = audit!.AsArray().Select(e => (string)e!["action"]!).ToArray();
        Assert.Contains("submitted", actions);
        Assert.Contains("rating corrected", actions);
        Assert.Contains("review finalized", actions);
    }

    [Fact]
    public async Task Raising_the_alert_level_sends_a_new_report_version_measured_at_the_new_level()
    {
        var procurementId = await app.CreateProcurementAsync("Alert procurement");
        var (assessmentId, token) = await app.InviteAsync(procurementId, "Alert Hosting", "sec@alert.example");
        var supplier = new Answering(app.Anonymous, token);
        await supplier.OpenAsync();
        await supplier.SaveAsync(supplier.AnswersFor(2, 1, "ok"));
        await supplier.AttachRequiredEvidenceAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await supplier.SubmitAsync()).StatusCode);
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v1", TimeSpan.FromSeconds(30));

        using var changed = await app.ProjectManager.PutAsJsonAsync($"/api/procurements/{procurementId}/alert-level", new { alertLevel = "high" });
        Assert.Equal(1, (int)(await changed.Content.ReadFromJsonAsync<JsonNode>())!["reportsRecomputed"]!);

        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v2", TimeSpan.FromSeconds(30));
        var v1 = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/assessments/{assessmentId}/reports/1?format=json");
        var v2 = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/assessments/{assessmentId}/reports/2?format=json");
        Assert.Equal("normal", (string)v1!["activeAlertLevel"]!);
        Assert.Equal("high", (string)v2!["activeAlertLevel"]!);
        Assert.True((int)v2["baseline"]!["adaptiveMissingPoints"]! > (int)v1["baseline"]!["adaptiveMissingPoints"]!, "the high level asks more");
    }
}
