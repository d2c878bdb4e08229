using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace SupplierAssessment.Functions.Tests;

/// <summary>The project manager raises the alert level; the timer reminds and expires.</summary>
public class AlertLevelAndTimerTests(PipelineApp app) : IClassFixture<PipelineApp>
{
    /// <summary>Fires the hourly timer now, as the host's admin endpoint does, and waits until the run is over.</summary>
    private Task InvokeTimerAsync() => app.Host.InvokeAsync("Housekeeping");

    [Fact]
    public async Task Raising_the_alert_level_recomputes_the_ranking_and_asks_for_new_report_versions()
    {
        var procurementId = await app.CreateProcurementAsync(alertLevel: "normal");
        using (var bad = await app.ProjectManager.PutAsJsonAsync($"/api/procurements/{procurementId}/alert-level", new { alertLevel = "apocalyptic" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("normal, elevated, high", (await bad.Content.ReadAsStringAsync()));
        }
        using var changed = await app.ProjectManager.PutAsJsonAsync($"/api/procurements/{procurementId}/alert-level", new { alertLevel = "high" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var procurement = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}");
        Assert.Equal("high", (string)procurement!["activeAlertLevel"]!);
        var ranking = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/ranking");
        Assert.Equal("high", (string)ranking!["alertLevel"]!);
        var audit = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/audit");
        Assert.Contains(audit!.AsArray(), e => (string)e!["action"]! == "alert level changed" && ((string)e["details"]!).Contains("normal → high"));
    }

    [Fact]
    public async Task Timer_reminds_a_supplier_due_within_7_days_once_and_expires_links_past_their_due_date()
    {
        var procurementId = await app.CreateProcurementAsync();
        var now = DateTimeOffset.UtcNow;
        var (goneId, goneToken) = await app.InviteAtAsync(procurementId, "Gone Hosting", "gone@supplier.example", now.AddDays(-31));
        // Invited 25 days ago with the default 30 days (another procurement): due in 5 days, so the "7 days before" reminder is due.
        var (_, slowToken) = await app.InviteAtAsync(await app.CreateProcurementAsync("Slow procurement"), "Slow Hosting", "slow@supplier.example", now.AddDays(-25));

        using (var fired = await app.Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/admin/functions/Housekeeping")
        {
            Content = JsonContent.Create(new { input = "" }), Headers = { { "x-functions-key", app.Host.MasterKey } },
        }))
        {
            Assert.Equal(HttpStatusCode.Accepted, fired.StatusCode); // as an operator fires it; it runs in the background
        }
        await app.Mail.WaitForMailAsync(m => m.To == "slow@supplier.example", TimeSpan.FromSeconds(10));
        await InvokeTimerAsync(); // the same day: no second reminder
        var reminders = app.Mail.Mails.Where(m => m.To == "slow@supplier.example" && m.IdempotencyKey!.StartsWith("reminder:")).ToArray();
        Assert.Single(reminders);
        Assert.Contains("not submitted yet", reminders[0].Text);
        // The reminder carries the supplier's own link, and it opens the questionnaire.
        Assert.Equal(slowToken, PipelineApp.TokenIn(reminders[0].Text!));
        Assert.Equal(HttpStatusCode.OK, (await new Answering(app.Anonymous, slowToken).OpenAsync()).StatusCode);

        // 31 days after its invitation (30 days' default due date) the other link has expired, and its supplier was not reminded.
        Assert.DoesNotContain(app.Mail.Mails, m => m.To == "gone@supplier.example");
        var assessment = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/assessments/{goneId}");
        Assert.Equal("expired", (string)assessment!["assessment"]!["state"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await new Answering(app.Anonymous, goneToken).OpenAsync()).StatusCode);

        // The project manager can bring the supplier back with a new link, through the procurement's due date, once it is extended.
        var later = DateOnly.FromDateTime(now.AddDays(14).UtcDateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using (var extended = await app.ProjectManager.PutAsJsonAsync($"/api/procurements/{procurementId}/answers-due", new { answersDue = later }))
        {
            Assert.Equal(HttpStatusCode.OK, extended.StatusCode);
        }
        using var resend = await app.ProjectManager.PostAsync($"/api/procurements/{procurementId}/assessments/{goneId}/resend", null);
        Assert.Equal(HttpStatusCode.OK, resend.StatusCode);
        var newToken = PipelineApp.TokenIn(app.Mail.Mails.Last(m => m.IdempotencyKey!.StartsWith($"invitation:{goneId}")).Text!);
        var reopened = new Answering(app.Anonymous, newToken);
        Assert.Equal(HttpStatusCode.OK, (await reopened.OpenAsync()).StatusCode);
        Assert.Equal("invited", (string)reopened.Questionnaire["state"]!);
    }
}
