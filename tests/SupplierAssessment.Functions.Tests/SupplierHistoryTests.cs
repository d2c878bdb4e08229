using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SupplierAssessment.Functions.Tests.Pages;
using UglyToad.PdfPig;

namespace SupplierAssessment.Functions.Tests;

/// <summary>
/// Issue 10 part 6, a supplier assessed before: "A supplier assessed twice shows both assessments' levels in the second
/// report." Through the real pipeline, the API and the procurement page in Chromium.
/// </summary>
public class SupplierHistoryTests(PipelineApp app, Chromium chromium) : IClassFixture<PipelineApp>, IClassFixture<Chromium>
{
    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_supplier_assessed_twice_by_the_same_project_manager_shows_both_assessments_levels_in_the_second_report()
    {
        // Procurement 1: Northwind answers weakly; its report goes through the real pipeline.
        var first = await app.CreateProcurementAsync("First portal hosting");
        var (earlierId, earlierToken) = await app.InviteAsync(first, "Northwind Hosting", "sec@northwind.example");
        await SubmitAsync(earlierToken, level: 1);
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{earlierId}:v1", MailWait);

        // Another project manager assessed the same supplier too: never offered to this one.
        var (othersProcurement, othersAssessment) = await OtherProjectManagersReportedAsync("Northwind Hosting", "sec@northwind.example");

        // Procurement 2 of the same project manager: the same supplier, another mailbox, its name typed otherwise.
        var second = await app.CreateProcurementAsync("Second portal hosting");
        var (todayId, todayToken) = await app.InviteAsync(second, "  northwind   HOSTING ", "ciso@Northwind.example");
        var history = $"/api/procurements/{second}/assessments/{todayId}/history";
        var offered = (await app.ProjectManager.GetFromJsonAsync<JsonNode>(history))!;
        Assert.Null(offered["confirmed"]);
        var candidate = Assert.Single(offered["candidates"]!.AsArray())!;
        Assert.Equal((first, earlierId, "First portal hosting", 1), ((string)candidate["procurementId"]!, (string)candidate["assessmentId"]!,
            (string)candidate["procurementName"]!, (int)candidate["reportVersion"]!));

        // Not a candidate: another project manager's assessment, an unknown one, a field missing — 400, nothing stored.
        await AssertRefusedAsync(history, new { earlierProcurementId = othersProcurement, earlierAssessmentId = othersAssessment }, "earlierAssessmentId");
        await AssertRefusedAsync(history, new { earlierProcurementId = first, earlierAssessmentId = "nosuchassessment" }, "earlierAssessmentId");
        await AssertRefusedAsync(history, new { earlierProcurementId = first }, "earlierAssessmentId");
        Assert.Null((await app.ProjectManager.GetFromJsonAsync<JsonNode>(history))!["confirmed"]);
        // The other project manager sees nothing of it.
        Assert.Equal(HttpStatusCode.NotFound, (await app.OtherProjectManager.GetAsync(history)).StatusCode);
        var othersHistory = await app.OtherProjectManager.GetFromJsonAsync<JsonNode>(
            $"/api/procurements/{othersProcurement}/assessments/{othersAssessment}/history");
        Assert.Empty(othersHistory!["candidates"]!.AsArray());

        // Confirmed once: stored, audited, compared (today's figures come once today's assessment is scored).
        using (var confirmed = await app.ProjectManager.PutAsJsonAsync(history, new { earlierProcurementId = first, earlierAssessmentId = earlierId }))
        {
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
            var view = (await confirmed.Content.ReadFromJsonAsync<JsonNode>())!;
            Assert.Equal(earlierId, (string)view["confirmed"]!["assessmentId"]!);
            Assert.Equal(22, view["confirmed"]!["processAreas"]!.AsArray().Count);
            Assert.Null(view["confirmed"]!["todayMissingPoints"]);
            Assert.Empty(view["candidates"]!.AsArray());
        }
        var audit = await app.ProjectManager.GetFromJsonAsync<JsonArray>($"/api/procurements/{second}/audit");
        Assert.Contains(audit!, e => (string)e!["action"]! == "earlier assessment confirmed" && (string)e["assessmentId"]! == todayId);

        // Today the supplier answers better: the second report carries both assessments' levels.
        await SubmitAsync(todayToken, level: 3);
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{todayId}:v1", MailWait);
        var earlierReport = (await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{first}/assessments/{earlierId}/reports/1"))!;
        var secondUrl = $"/api/procurements/{second}/assessments/{todayId}/reports/1";
        var secondReport = (await app.ProjectManager.GetFromJsonAsync<JsonNode>(secondUrl))!;
        Assert.Null(earlierReport["earlierAssessment"]);
        var section = secondReport["earlierAssessment"]!;
        Assert.Equal((first, "First portal hosting", earlierId, "normal"), ((string)section["procurement"]!["id"]!, (string)section["procurement"]!["name"]!,
            (string)section["assessmentId"]!, (string)section["alertLevel"]!));
        var rows = section["processAreas"]!.AsArray();
        Assert.Equal(22, rows.Count);
        foreach (var row in rows)
        {
            var pa = (string)row!["id"]!;
            Assert.Equal((int)earlierReport["gap"]!["achievedLevels"]![pa]!, (int)row["earlierLevel"]!);
            Assert.Equal((int)secondReport["gap"]!["achievedLevels"]![pa]!, (int)row["todayLevel"]!);
        }
        Assert.Contains(rows, r => (int)r!["todayLevel"]! > (int)r["earlierLevel"]!);
        Assert.Equal(MissingAtNormal(earlierReport), (int)section["earlierMissingPoints"]!); // both measured at today's profile, same as procurement 1's
        Assert.Equal(MissingAtNormal(secondReport), (int)section["todayMissingPoints"]!);
        Assert.True((int)section["todayMissingPoints"]! < (int)section["earlierMissingPoints"]!);

        var html = await app.ProjectManager.GetStringAsync(secondUrl + "?format=html");
        Assert.Contains("<section id=\"earlier-assessment\"", html);
        Assert.Contains("First portal hosting", html);
        var pa01 = rows.Single(r => (string)r!["id"]! == "PA01")!;
        Assert.Contains($"<tr data-process-area=\"PA01\">", html);
        Assert.Contains($"<td class=\"num\" data-level=\"earlier\">{(int)pa01["earlierLevel"]!}</td><td class=\"num\" data-level=\"today\">{(int)pa01["todayLevel"]!}</td>", html);
        var pdf = PdfText(await app.ProjectManager.GetByteArrayAsync(secondUrl + "?format=pdf"));
        Assert.Contains("Earlier assessment", pdf);
        Assert.Contains("First portal hosting", pdf);
        Assert.Contains($"Missing points: {(int)section["earlierMissingPoints"]!} then, {(int)section["todayMissingPoints"]!} now", pdf);
        var mailed = await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{todayId}:v1", MailWait);
        Assert.Contains("Earlier assessment", PdfText(Convert.FromBase64String((string)mailed.Body["attachments"]![0]!["content"]!)));
    }

    [Fact]
    public async Task The_project_manager_confirms_the_same_supplier_on_the_procurement_page_or_says_it_is_not()
    {
        var first = await app.CreateProcurementAsync("Archive hosting 2025");
        var (earlierId, earlierToken) = await app.InviteAsync(first, "Fabrikam Cloud", "sec@fabrikam.example");
        await SubmitAsync(earlierToken, level: 2);
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{earlierId}:v1", MailWait);
        var second = await app.CreateProcurementAsync("Archive hosting 2026");
        var (todayId, _) = await app.InviteAsync(second, "Fabrikam Cloud", "bids@fabrikam.example");
        var (lookalikeId, _) = await app.InviteAsync(second, "Fabrikam cloud", "ops@fabrikam.example");

        var page = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.PmKey, $"/procurements/{second}", bypassCsp: true); // bypass: for axe-core only
        var history = page.Locator("#history");
        var offerViolations = await Chromium.SeriousAccessibilityViolationsAsync(page);
        Assert.True(offerViolations.Count == 0, string.Join("; ", offerViolations));
        Assert.Contains("Suppliers assessed before", await history.Locator("h2").InnerTextAsync());
        var offer = history.Locator($"article[data-assessment='{todayId}'] .candidate");
        Assert.Contains("Assessed before in “Archive hosting 2025”", await offer.InnerTextAsync());
        Assert.Contains("same supplier?", await offer.InnerTextAsync());

        await offer.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        Assert.Contains("Fabrikam Cloud is the supplier assessed in “Archive hosting 2025”. Its report will show both assessments.",
            await page.GetByRole(AriaRole.Status).InnerTextAsync());
        var confirmed = history.Locator($"article[data-assessment='{todayId}']");
        Assert.Contains("(confirmed)", await confirmed.InnerTextAsync());
        Assert.Equal(0, await confirmed.Locator(".candidate").CountAsync());
        Assert.Equal(22, await confirmed.Locator("table.history-levels tbody tr").CountAsync());
        var earlierReport = (await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{first}/assessments/{earlierId}/reports/1"))!;
        Assert.Equal(((int)earlierReport["gap"]!["achievedLevels"]!["PA01"]!).ToString(),
            await confirmed.Locator("tr[data-process-area=PA01] td.earlier").InnerTextAsync());
        Assert.Equal("–", await confirmed.Locator("tr[data-process-area=PA01] td.today").InnerTextAsync()); // not scored yet
        var tableViolations = await Chromium.SeriousAccessibilityViolationsAsync(page);
        Assert.True(tableViolations.Count == 0, string.Join("; ", tableViolations));
        var stored = (await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{second}/assessments/{todayId}/history"))!;
        Assert.Equal(earlierId, (string)stored["confirmed"]!["assessmentId"]!);

        // The look-alike is not the same supplier: no longer offered, and nothing confirmed for it.
        await history.Locator($"article[data-assessment='{lookalikeId}']").GetByRole(AriaRole.Button, new() { Name = "Not the same" }).ClickAsync();
        Assert.Contains("is no longer offered", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        Assert.Equal(0, await page.Locator($"#history article[data-assessment='{lookalikeId}']").CountAsync());
        var dismissed = (await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{second}/assessments/{lookalikeId}/history"))!;
        Assert.Null(dismissed["confirmed"]);
        Assert.Empty(dismissed["candidates"]!.AsArray());

        // In French, the same panel in French.
        await page.GotoAsync($"/procurements/{second}?lang=fr");
        Assert.Equal("Fournisseurs déjà évalués", await page.Locator("#history h2").InnerTextAsync());
        Assert.Contains("Déjà évalué dans « Archive hosting 2025 »", (await page.Locator($"#history article[data-assessment='{todayId}']").InnerTextAsync()).Replace('\u202F', ' '));
        Assert.Equal(["Domaine de processus", "Cible", "Niveau avant", "Niveau actuel", "Évolution", "Manquants avant → aujourd'hui"],
            await page.Locator("#history table.history-levels thead th").AllInnerTextsAsync());
    }

    [Fact]
    public async Task Confirmed_after_a_report_the_written_version_stays_and_the_next_version_carries_the_earlier_assessment()
    {
        var first = await app.CreateProcurementAsync("Mail hosting 2025");
        var (earlierId, earlierToken) = await app.InviteAsync(first, "Tailspin Mail", "sec@tailspin.example");
        await SubmitAsync(earlierToken, level: 1);
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{earlierId}:v1", MailWait);
        var second = await app.CreateProcurementAsync("Mail hosting 2026");
        var (todayId, todayToken) = await app.InviteAsync(second, "Tailspin Mail", "sec@tailspin.example");
        await SubmitAsync(todayToken, level: 2);
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{todayId}:v1", MailWait);

        using (var confirmed = await app.ProjectManager.PutAsJsonAsync($"/api/procurements/{second}/assessments/{todayId}/history",
            new { earlierProcurementId = first, earlierAssessmentId = earlierId }))
        {
            var view = (await confirmed.Content.ReadFromJsonAsync<JsonNode>())!["confirmed"]!;
            Assert.Equal((2, false), ((int)view["firstReportVersion"]!, (bool)view["inLatestReport"]!));
            Assert.NotNull(view["todayMissingPoints"]); // scored: both figures known at once
        }
        var reports = $"/api/procurements/{second}/assessments/{todayId}/reports";
        Assert.Null((await app.ProjectManager.GetFromJsonAsync<JsonNode>(reports + "/1"))!["earlierAssessment"]);

        // No new version is forced; the next one (here: the alert level goes up) carries it, measured at the new level.
        using (var changed = await app.ProjectManager.PutAsJsonAsync($"/api/procurements/{second}/alert-level", new { alertLevel = "high" }))
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        }
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{todayId}:v2", MailWait);
        var v2 = (await app.ProjectManager.GetFromJsonAsync<JsonNode>(reports + "/2"))!;
        Assert.Equal((earlierId, "high"), ((string)v2["earlierAssessment"]!["assessmentId"]!, (string)v2["earlierAssessment"]!["alertLevel"]!));
        var high = v2["gap"]!["variants"]!.AsArray().Single(v => (string)v!["alertLevel"]! == "high")!;
        Assert.Equal((int)high["missingPoints"]!, (int)v2["earlierAssessment"]!["todayMissingPoints"]!);
        Assert.Null((await app.ProjectManager.GetFromJsonAsync<JsonNode>(reports + "/1"))!["earlierAssessment"]);
        Assert.True((bool)(await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{second}/assessments/{todayId}/history"))!["confirmed"]!["inLatestReport"]!);
    }

    private async Task AssertRefusedAsync(string history, object body, string field)
    {
        using var refused = await app.ProjectManager.PutAsJsonAsync(history, body);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.NotNull((await refused.Content.ReadFromJsonAsync<JsonNode>())!["errors"]![field]);
    }

    /// <summary>The other project manager's procurement, its assessment of the supplier reported through the pipeline.</summary>
    private async Task<(string ProcurementId, string AssessmentId)> OtherProjectManagersReportedAsync(string supplierName, string email)
    {
        using var created = await app.OtherProjectManager.PostAsJsonAsync("/api/procurements", new { name = "Their hosting", profileId = "government-web-hosting" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var procurementId = (string)(await created.Content.ReadFromJsonAsync<JsonNode>())!["id"]!;
        using var invited = await app.OtherProjectManager.PostAsJsonAsync($"/api/procurements/{procurementId}/invitations", new { supplierName, supplierEmail = email });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var assessmentId = (string)(await invited.Content.ReadFromJsonAsync<JsonNode>())!["assessment"]!["id"]!;
        var invitation = await app.Mail.WaitForMailAsync(m => m.IdempotencyKey?.StartsWith($"invitation:{assessmentId}") == true, MailWait);
        await SubmitAsync(PipelineApp.TokenIn(invitation.Text!), level: 4);
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v1", MailWait);
        return (procurementId, assessmentId);
    }

    private async Task SubmitAsync(string token, int level)
    {
        var supplier = new Answering(app.Anonymous, token);
        Assert.Equal(HttpStatusCode.OK, (await supplier.OpenAsync()).StatusCode);
        using (var saved = await supplier.SaveAsync(supplier.AnswersFor(level, level, "Described in our security plan.")))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }
        await supplier.AttachRequiredEvidenceAsync();
        using var submitted = await supplier.SubmitAsync();
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
    }

    private static int MissingAtNormal(JsonNode report) =>
        (int)report["gap"]!["variants"]!.AsArray().Single(v => (string)v!["alertLevel"]! == "normal")!["missingPoints"]!;

    private static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }
}
