using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace SupplierAssessment.Functions.Tests;

/// <summary>
/// Targets set for one procurement (issue 10, part 4) through the API and the real pipeline: the report measures against
/// them and lists them; once a supplier has a report they are fixed.
/// </summary>
public class ProcurementTargetsApiTests(PipelineApp app) : IClassFixture<PipelineApp>
{
    private const string Reason = "Card payments are hosted here <b>bold</b>";

    [Fact]
    public async Task A_procurement_created_with_an_adjusted_target_reports_against_it_and_then_keeps_it_fixed()
    {
        // PA08 at normal is 2 in the shipped profile: this procurement asks 5.
        using var created = await app.ProjectManager.PostAsJsonAsync("/api/procurements", new
        {
            name = "Payments hosting",
            profileId = "government-web-hosting",
            adjustments = new[] { new { processArea = "PA08", alertLevel = "normal", target = 5, reason = Reason } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var procurement = (await created.Content.ReadFromJsonAsync<JsonNode>())!;
        var procurementId = (string)procurement["id"]!;
        Assert.Equal($"1+procurement.{procurementId}", (string)procurement["profile"]!["versionLabel"]!);
        var shown = procurement["targetAdjustments"]!.AsArray().Single()!;
        Assert.Equal(("PA08", "normal", 2, 5, Reason),
            ((string)shown["processArea"]!, (string)shown["alertLevel"]!, (int)shown["profileTarget"]!, (int)shown["target"]!, (string)shown["reason"]!));

        var audit = (await app.ProjectManager.GetFromJsonAsync<JsonArray>($"/api/procurements/{procurementId}/audit"))!;
        var adjusted = audit.Single(e => (string)e!["action"]! == "target adjusted")!;
        Assert.Equal($"PA08 at normal: 2 → 5 ({Reason})", (string)adjusted["details"]!);

        // A supplier answers at level 2 and submits: scored, rendered and emailed by the real pipeline.
        var (assessmentId, token) = await app.InviteAsync(procurementId, "Payments Hosting", "sec@payments.example");
        var supplier = new Answering(app.Anonymous, token);
        Assert.Equal(HttpStatusCode.OK, (await supplier.OpenAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await supplier.SaveAsync(supplier.AnswersFor(2, 1, "Described in our security plan."))).StatusCode);
        await supplier.AttachRequiredEvidenceAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await supplier.SubmitAsync()).StatusCode);
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v1", TimeSpan.FromSeconds(30));

        var report = (await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/assessments/{assessmentId}/reports/1?format=json"))!;
        var normal = report["gap"]!["variants"]!.AsArray().Single(v => (string)v!["alertLevel"]! == "normal")!;
        var pa08 = normal["processAreas"]!.AsArray().Single(p => (string)p!["id"]! == "PA08")!;
        Assert.Equal(5, (int)pa08["target"]!);
        Assert.Contains("5.2", pa08["missing"]!.AsArray().Select(cf => (string)cf!));
        var high = report["gap"]!["variants"]!.AsArray().Single(v => (string)v!["alertLevel"]! == "high")!;
        Assert.Equal(4, (int)high["processAreas"]!.AsArray().Single(p => (string)p!["id"]! == "PA08")!["target"]!); // not adjusted: the profile's
        Assert.Equal($"1+procurement.{procurementId}", (string)report["profile"]!["versionLabel"]!);
        var listed = report["targetAdjustments"]!.AsArray().Single()!;
        Assert.Equal((2, 5, Reason), ((int)listed["profileTarget"]!, (int)listed["target"]!, (string)listed["reason"]!));

        var html = await app.ProjectManager.GetStringAsync($"/api/procurements/{procurementId}/assessments/{assessmentId}/reports/1?format=html");
        Assert.Contains("Targets set for this procurement", html);
        Assert.Contains("<tr data-pa=\"PA08\" data-alert-level=\"normal\">", html);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt;", html);
        Assert.DoesNotContain("<b>bold</b>", html);

        // After the first report the targets are fixed: 409, and nothing changed.
        using var refused = await app.ProjectManager.PutAsJsonAsync($"/api/procurements/{procurementId}/targets",
            new { adjustments = new[] { new { processArea = "PA08", alertLevel = "normal", target = 1, reason = "Cheaper." } } });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Payments Hosting already has a report", (string)(await refused.Content.ReadFromJsonAsync<JsonNode>())!["title"]!);
        var targets = (await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/targets"))!;
        Assert.True((bool)targets["fixed"]!);
        Assert.Equal(5, (int)targets["adjustments"]![0]!["target"]!);
        Assert.Single((await app.ProjectManager.GetFromJsonAsync<JsonArray>($"/api/procurements/{procurementId}/audit"))!,
            e => (string)e!["action"]! == "target adjusted");
    }

    [Fact]
    public async Task Put_replaces_the_set_an_equal_target_removes_it_and_each_change_is_audited()
    {
        var procurementId = await app.CreateProcurementAsync("Targets replaced");
        var url = $"/api/procurements/{procurementId}/targets";
        using (var first = await app.ProjectManager.PutAsJsonAsync(url, new
        {
            adjustments = new[]
            {
                new { processArea = "PA01", alertLevel = "high", target = 4, reason = "Admin access from abroad." },
                new { processArea = "PA19", alertLevel = "normal", target = 1, reason = "Product line matters here." },
            },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var body = (await first.Content.ReadFromJsonAsync<JsonNode>())!;
            Assert.Equal(["PA01", "PA19"], body["adjustments"]!.AsArray().Select(a => (string)a!["processArea"]!));
            Assert.False((bool)body["fixed"]!);
        }
        // PA01 high back to the profile's 3 (removed), PA19 left out (removed too), PA02 new.
        using (var second = await app.ProjectManager.PutAsJsonAsync(url, new
        {
            adjustments = new[]
            {
                new { processArea = "PA01", alertLevel = "high", target = 3, reason = "" },
                new { processArea = "PA02", alertLevel = "elevated", target = 3, reason = "Ministry image." },
            },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }
        var procurement = (await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}"))!;
        var only = procurement["targetAdjustments"]!.AsArray().Single()!;
        Assert.Equal(("PA02", "elevated", 1, 3), ((string)only["processArea"]!, (string)only["alertLevel"]!, (int)only["profileTarget"]!, (int)only["target"]!));

        var details = (await app.ProjectManager.GetFromJsonAsync<JsonArray>($"/api/procurements/{procurementId}/audit"))!
            .Where(e => (string)e!["action"]! == "target adjusted").Select(e => (string)e!["details"]!).ToArray();
        Assert.Equal(5, details.Length);
        Assert.Contains("PA01 at high: 3 → 4 (Admin access from abroad.)", details);
        Assert.Contains("PA01 at high: 4 → 3 (the profile's target again)", details);
        Assert.Contains("PA19 at normal: 1 → 0 (the profile's target again)", details);
        Assert.Contains("PA02 at elevated: 1 → 3 (Ministry image.)", details);
    }

    [Fact]
    public async Task A_set_sent_with_a_stale_If_Match_is_refused_with_412_and_the_change_made_meanwhile_stays()
    {
        var procurementId = await app.CreateProcurementAsync("Targets in two tabs");
        var url = $"/api/procurements/{procurementId}/targets";
        using var read = await app.ProjectManager.GetAsync(url);
        var etag = read.Headers.ETag!.Tag;
        // Tab 1 saves PA08 at high; tab 2, still holding the first ETag, sends PA02 only.
        using (var first = new HttpRequestMessage(HttpMethod.Put, url)
        {
            Content = JsonContent.Create(new { adjustments = new[] { new { processArea = "PA08", alertLevel = "high", target = 5, reason = "Card payments." } } }),
            Headers = { IfMatch = { new System.Net.Http.Headers.EntityTagHeaderValue(etag) } },
        })
        using (var saved = await app.ProjectManager.SendAsync(first))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            Assert.NotEqual(etag, saved.Headers.ETag!.Tag);
        }
        using var stale = new HttpRequestMessage(HttpMethod.Put, url)
        {
            Content = JsonContent.Create(new { adjustments = new[] { new { processArea = "PA02", alertLevel = "high", target = 4, reason = "Ministry image." } } }),
            Headers = { IfMatch = { new System.Net.Http.Headers.EntityTagHeaderValue(etag) } },
        };
        using var refused = await app.ProjectManager.SendAsync(stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        var procurement = (await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}"))!;
        Assert.Equal(["PA08"], procurement["targetAdjustments"]!.AsArray().Select(a => (string)a!["processArea"]!));
    }

    [Fact]
    public async Task Bad_input_is_a_400_naming_each_field_and_changes_nothing()
    {
        var procurementId = await app.CreateProcurementAsync("Targets refused");
        using var response = await app.ProjectManager.PutAsJsonAsync($"/api/procurements/{procurementId}/targets", new
        {
            adjustments = new object[]
            {
                new { processArea = "PA01", alertLevel = "high", target = 4, reason = "Two\nlines." },
                new { processArea = "PA23", alertLevel = "severe", target = 9, reason = "Fine." },
                new { processArea = "PA03", alertLevel = "high", target = 5 },
            },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonNode>())!["errors"]!.AsObject();
        Assert.Equal(
            ["adjustments[0].reason", "adjustments[1].alertLevel", "adjustments[1].processArea", "adjustments[1].target", "adjustments[2].reason"],
            errors.Select(e => e.Key).Order(StringComparer.Ordinal));

        using var missing = await app.ProjectManager.PutAsJsonAsync($"/api/procurements/{procurementId}/targets", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.NotNull((await missing.Content.ReadFromJsonAsync<JsonNode>())!["errors"]!["adjustments"]);

        using var atCreation = await app.ProjectManager.PostAsJsonAsync("/api/procurements", new
        {
            name = "Refused at creation",
            adjustments = new[] { new { processArea = "PA08", alertLevel = "normal", target = 4, reason = "" } },
        });
        Assert.Equal(HttpStatusCode.BadRequest, atCreation.StatusCode);
        Assert.NotNull((await atCreation.Content.ReadFromJsonAsync<JsonNode>())!["errors"]!["adjustments[0].reason"]);

        var targets = (await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/targets"))!;
        Assert.Empty(targets["adjustments"]!.AsArray());
        Assert.Equal("1", (string)targets["profile"]!["versionLabel"]!);
        Assert.DoesNotContain((await app.ProjectManager.GetFromJsonAsync<JsonArray>($"/api/procurements/{procurementId}/audit"))!,
            e => (string)e!["action"]! == "target adjusted");
        Assert.DoesNotContain((await app.ProjectManager.GetFromJsonAsync<JsonArray>("/api/procurements"))!,
            p => (string)p!["name"]! == "Refused at creation");
    }

    [Fact]
    public async Task Another_project_manager_gets_a_404()
    {
        var procurementId = await app.CreateProcurementAsync("Not theirs");
        using var response = await app.OtherProjectManager.PutAsJsonAsync($"/api/procurements/{procurementId}/targets", new { adjustments = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
