using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Functions.Stages;
using SupplierAssessment.Functions.Tests.Pages;

namespace SupplierAssessment.Functions.Tests;

/// <summary>No way in around the rules (issue 13): CSRF, lost updates, stages over HTTP, caching, names that hide characters.</summary>
public class SecurityTests(PipelineApp app, Chromium chromium) : IClassFixture<PipelineApp>, IClassFixture<Chromium>
{
    private async Task<(string ProcurementId, string AssessmentId, string Token)> InvitedAsync(string name)
    {
        var procurementId = await app.CreateProcurementAsync();
        var (assessmentId, token) = await app.InviteAsync(procurementId, name, $"{Guid.NewGuid():N}@supplier.example");
        return (procurementId, assessmentId, token);
    }

    [Fact]
    public async Task A_page_of_another_port_cannot_revoke_a_link_with_the_signed_in_project_managers_cookie()
    {
        var (procurementId, assessmentId, token) = await InvitedAsync("Targeted Hosting");
        var revoke = new Uri(app.BaseAddress, $"/api/procurements/{procurementId}/assessments/{assessmentId}/revoke");
        await using var attacker = await AttackerSite.StartAsync(
            $"<!DOCTYPE html><html><body><form method=\"post\" action=\"{revoke}\"><button>Win a prize</button></form></body></html>");
        var page = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.PmKey, "/procurements");

        await page.GotoAsync(attacker.Address.ToString()); // same site: 127.0.0.1, another port — the Strict cookie goes along
        var answer = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Win a prize" }).ClickAsync(),
            r => r.Url == revoke.ToString());

        Assert.Equal(401, answer.Status);
        using var stillOpen = await app.Anonymous.GetAsync($"/api/questionnaires/{Uri.EscapeDataString(token)}");
        Assert.Equal(HttpStatusCode.OK, stillOpen.StatusCode);
        var audit = await app.ProjectManager.GetFromJsonAsync<JsonArray>($"/api/procurements/{procurementId}/audit");
        Assert.DoesNotContain(audit!, row => (string?)row!["action"] == "link revoked");
    }

    [Fact]
    public async Task The_sign_in_cookie_reads_through_the_API_but_changes_nothing()
    {
        var (procurementId, assessmentId, token) = await InvitedAsync("Cookie Hosting");
        var page = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.PmKey, "/procurements");
        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "sa.session");
        Assert.DoesNotContain(PipelineApp.PmKey, session.Value); // the browser keeps a session ticket, never the key
        using var cookieOnly = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = app.BaseAddress };
        cookieOnly.DefaultRequestHeaders.Add("Cookie", $"sa.session={session.Value}");

        using var read = await cookieOnly.GetAsync($"/api/procurements/{procurementId}");
        using var revoke = await cookieOnly.PostAsync($"/api/procurements/{procurementId}/assessments/{assessmentId}/revoke", null);
        using var level = await cookieOnly.PutAsJsonAsync($"/api/procurements/{procurementId}/alert-level", new { alertLevel = "high" });

        Assert.Equal(HttpStatusCode.OK, read.StatusCode); // the pages' report downloads are GETs under /api
        Assert.Equal(HttpStatusCode.Unauthorized, revoke.StatusCode);
        Assert.Contains("not accepted for API calls that change something", (string)(await revoke.Content.ReadFromJsonAsync<JsonNode>())!["title"]!);
        Assert.Equal(HttpStatusCode.Unauthorized, level.StatusCode);
        using var stillOpen = await app.Anonymous.GetAsync($"/api/questionnaires/{Uri.EscapeDataString(token)}");
        Assert.Equal(HttpStatusCode.OK, stillOpen.StatusCode);
        var procurement = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}");
        Assert.Equal("normal", (string)procurement!["activeAlertLevel"]!);
    }

    [Fact]
    public async Task After_signing_out_a_copy_of_the_sign_in_cookie_opens_nothing()
    {
        var page = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.ExpertKey, "/reviews");
        var session = (await page.Context.CookiesAsync()).Single(c => c.Name == "sa.session");
        using var copy = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        copy.DefaultRequestHeaders.Add("Cookie", $"sa.session={session.Value}");
        using (var before = await copy.GetAsync("/reviews"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode); // the copied cookie works while signed in
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/signin");

        using var after = await copy.GetAsync("/reviews");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/signin", after.Headers.Location!.OriginalString);
        using var forged = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress };
        forged.DefaultRequestHeaders.Add("Cookie", $"sa.session={PipelineApp.ExpertKey}"); // the key itself is no ticket
        using var withKey = await forged.GetAsync("/reviews");
        Assert.Equal(HttpStatusCode.Redirect, withKey.StatusCode);
    }

    [Fact]
    public async Task Two_alert_level_changes_from_the_same_version_one_is_saved_and_the_other_is_refused()
    {
        var procurementId = await app.CreateProcurementAsync();
        var store = app.Services.GetRequiredService<ProcurementStore>();
        var change = app.Services.GetRequiredService<AlertLevelChange>();
        var first = (await store.FindAsync("pm@buyer.example", procurementId))!;
        var second = (await store.FindAsync("pm@buyer.example", procurementId))!;

        await change.ApplyAsync(first, "high", "pm@buyer.example", CancellationToken.None);
        await Assert.ThrowsAsync<StaleWriteException>(() => change.ApplyAsync(second, "elevated", "pm@buyer.example", CancellationToken.None));

        var audit = await app.ProjectManager.GetFromJsonAsync<JsonArray>($"/api/procurements/{procurementId}/audit");
        Assert.Equal(["normal → high"], audit!.Where(r => (string?)r!["action"] == "alert level changed").Select(r => (string?)r!["details"]));
        Assert.Equal("high", (string)(await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}"))!["activeAlertLevel"]!);
    }

    [Fact]
    public async Task Six_invitations_of_one_email_at_once_store_one_supplier_and_send_one_invitation()
    {
        // Found by a fresh user: two of six parallel invitations of the same address both answered 201.
        var procurementId = await app.CreateProcurementAsync("Invitation race");
        var answers = await Task.WhenAll(Enumerable.Range(1, 6).Select(async i =>
        {
            using var response = await app.ProjectManager.PostAsJsonAsync($"/api/procurements/{procurementId}/invitations",
                new { supplierName = $"Race {i}", supplierEmail = i % 2 == 0 ? "Race@Twin.example" : "race@twin.example" });
            return response.StatusCode;
        }));
        Assert.Single(answers, s => s == HttpStatusCode.Created);
        Assert.Equal(5, answers.Count(s => s == HttpStatusCode.Conflict));
        var procurement = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}");
        var invited = Assert.Single(procurement!["assessments"]!.AsArray());
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Single(app.Mail.Mails, m => m.IdempotencyKey?.StartsWith($"invitation:{(string)invited!["id"]!}:") == true);
        Assert.Single(app.Mail.Mails, m => string.Equals(m.To, "race@twin.example", StringComparison.OrdinalIgnoreCase));

        // Withdrawn, the address can be invited again — once.
        using (var withdrawn = await app.ProjectManager.PostAsync($"/api/procurements/{procurementId}/assessments/{(string)invited!["id"]!}/withdraw", null))
        {
            Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        }
        var again = await Task.WhenAll(Enumerable.Range(1, 3).Select(async i =>
        {
            using var response = await app.ProjectManager.PostAsJsonAsync($"/api/procurements/{procurementId}/invitations",
                new { supplierName = $"Race again {i}", supplierEmail = "race@twin.example" });
            return response.StatusCode;
        }));
        Assert.Single(again, s => s == HttpStatusCode.Created);
        Assert.Equal(2, again.Count(s => s == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task Four_submits_at_once_store_one_submission_and_the_others_hear_it_is_already_submitted()
    {
        // Found by a fresh user: the losers got 412 "changed elsewhere… save again", which invites a pointless retry.
        var (_, assessmentId, token) = await InvitedAsync("Impatient Hosting");
        var supplier = new Answering(app.Anonymous, token);
        (await supplier.OpenAsync()).Dispose();
        (await supplier.SaveAsync(supplier.AnswersFor(3, 1, "Described in our security plan."))).Dispose();
        await supplier.AttachRequiredEvidenceAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            using var response = await supplier.SubmitAsync();
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Accepted);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Accepted), a =>
        {
            Assert.Equal(HttpStatusCode.Conflict, a.StatusCode);
            Assert.Contains("The questionnaire was already submitted.", a.Body); // whether scored by then or not
        });
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v1", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(app.Mail.Mails, m => m.IdempotencyKey == $"report:{assessmentId}:v1");
    }

    [Fact]
    public async Task A_procurement_change_sent_with_a_stale_If_Match_is_refused_with_412_and_changes_nothing()
    {
        // Found by a fresh user's trial: If-Match was documented on PUT answers-due, and ignored.
        var procurementId = await app.CreateProcurementAsync("Stale copies");
        using var read = await app.ProjectManager.GetAsync($"/api/procurements/{procurementId}");
        var etag = read.Headers.ETag!.ToString();
        var due = DateTime.UtcNow.AddDays(60).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        HttpRequestMessage Put(string path, object body, string ifMatch) =>
            new(HttpMethod.Put, $"/api/procurements/{procurementId}/{path}") { Content = JsonContent.Create(body), Headers = { { "If-Match", ifMatch } } };
        using (var changed = await app.ProjectManager.SendAsync(Put("alert-level", new { alertLevel = "high" }, $"\"other\", {etag}"))) // a list: one of them matches
        {
            Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
            Assert.NotEqual(etag, changed.Headers.ETag!.ToString()); // the new version, for the next change
        }
        foreach (var stale in new[] { etag, "\"garbage\"" })
        {
            using var refused = await app.ProjectManager.SendAsync(Put("answers-due", new { answersDue = due }, stale));
            Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
            Assert.Contains("changed elsewhere since you read it", (string)(await refused.Content.ReadFromJsonAsync<JsonNode>())!["title"]!);
        }
        using (var staleLevel = await app.ProjectManager.SendAsync(Put("alert-level", new { alertLevel = "elevated" }, etag)))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, staleLevel.StatusCode);
        }
        var procurement = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}");
        Assert.Equal("high", (string)procurement!["activeAlertLevel"]!);
        Assert.NotEqual(due, (string)procurement["answersDue"]!);
        Assert.Single(await app.AuditAsync(procurementId), e => e.Action == "alert level changed");
    }

    [Fact]
    public async Task Concurrent_alert_level_changes_over_HTTP_are_each_saved_from_the_version_before_or_refused_with_412()
    {
        var procurementId = await app.CreateProcurementAsync();
        var levels = new[] { "high", "elevated", "normal", "high", "elevated", "normal", "high", "elevated" };

        var answers = await Task.WhenAll(levels.Select(async level =>
        {
            using var response = await app.ProjectManager.PutAsJsonAsync($"/api/procurements/{procurementId}/alert-level", new { alertLevel = level });
            return response.StatusCode;
        }));

        Assert.All(answers, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.PreconditionFailed }));
        var audit = await app.ProjectManager.GetFromJsonAsync<JsonArray>($"/api/procurements/{procurementId}/audit");
        var changes = audit!.Where(r => (string?)r!["action"] == "alert level changed")
            .Select(r => ((string)r!["details"]!).Split(" → ")).Select(c => (From: c[0], To: c[1])).ToList();
        // A 200 for the level the procurement already had changes nothing and records nothing; every other 200 is one row.
        Assert.InRange(changes.Count, 1, answers.Count(s => s == HttpStatusCode.OK));
        // Each saved change starts where another ended, from "normal" on, and ends at the level stored now: no update lost.
        var now = (string)(await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}"))!["activeAlertLevel"]!;
        Assert.True(IsChain("normal", changes, now), string.Join(", ", changes));
    }

    /// <summary>Whether the changes can be ordered so that each starts where the previous ended, from <paramref name="from"/> to <paramref name="end"/>.</summary>
    private static bool IsChain(string from, List<(string From, string To)> changes, string end) =>
        changes.Count == 0 ? from == end : changes.Where(c => c.From == from).Distinct().Any(c =>
        {
            var rest = new List<(string, string)>(changes);
            rest.Remove(c);
            return IsChain(c.To, rest, end);
        });

    [Theory]
    [InlineData("ScoreAssessment")]
    [InlineData("RenderReport")]
    [InlineData("NotifyProjectManager")]
    [InlineData("Housekeeping")]
    [InlineData("PublishIntegrationEvents")]
    public async Task No_stage_or_timer_can_be_run_over_HTTP_without_the_hosts_master_key(string function)
    {
        var body = JsonContent.Create(new { input = """{"procurementId":"p","assessmentId":"a","version":2,"verified":true}""" });
        using var byName = await app.Anonymous.PostAsync("/" + function, body);
        using var underApi = await app.Anonymous.PostAsync("/api/" + function, body);
        using var adminWithoutKey = await app.ProjectManager.PostAsync("/admin/functions/" + function, body);

        Assert.Equal(HttpStatusCode.NotFound, byName.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, underApi.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, adminWithoutKey.StatusCode);
    }

    [Fact]
    public async Task Signed_in_pages_API_answers_downloads_and_supplier_links_are_never_cached_and_static_files_are()
    {
        var (procurementId, _, token) = await InvitedAsync("Cached Hosting");
        using var pm = PipelineApp.Client(app.BaseAddress, PipelineApp.PmKey);

        foreach (var (client, path) in new[]
        {
            (pm, "/procurements"), (pm, $"/procurements/{procurementId}"), (pm, "/api/procurements"), (pm, $"/api/procurements/{procurementId}/audit"),
            (app.Anonymous, $"/q/{Uri.EscapeDataString(token)}"), (app.Anonymous, $"/api/questionnaires/{Uri.EscapeDataString(token)}"),
        })
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode}");
            Assert.True(response.Headers.CacheControl?.NoStore, $"{path} says Cache-Control: {response.Headers.CacheControl}");
        }
        using var css = await app.Anonymous.GetAsync("/static/site.css");
        Assert.Equal(TimeSpan.FromHours(1), css.Headers.CacheControl?.MaxAge);
    }

    [Theory]
    [InlineData("Portal\r\nBcc: everyone@example.org", "a line break would reach the invitation's subject")]
    [InlineData("Portal\thosting", "a tab")]
    [InlineData("Hosting\u202Efdp.exe", "a right-to-left override reorders what a reader sees")]
    [InlineData("\u2066Hosting\u2069", "isolates")]
    [InlineData("Hosting\u200F", "a right-to-left mark")]
    [InlineData("Host\u0085ing", "C1 next line")]
    [InlineData("Portal\u2028hosting", "a Unicode line separator (a fresh-user trial)")]
    public async Task Names_that_hide_characters_are_refused_with_a_400_naming_the_field(string name, string why)
    {
        using var procurement = await app.ProjectManager.PostAsJsonAsync("/api/procurements", new { name });
        var procurementId = await app.CreateProcurementAsync();
        using var supplier = await app.ProjectManager.PostAsJsonAsync($"/api/procurements/{procurementId}/invitations",
            new { supplierName = name, supplierEmail = "hidden@supplier.example" });

        Assert.True(procurement.StatusCode == HttpStatusCode.BadRequest, why);
        Assert.Contains("text-direction marks", (string)(await procurement.Content.ReadFromJsonAsync<JsonNode>())!["errors"]!["name"]![0]!);
        Assert.Equal(HttpStatusCode.BadRequest, supplier.StatusCode);
        Assert.NotNull((await supplier.Content.ReadFromJsonAsync<JsonNode>())!["errors"]!["supplierName"]);
        Assert.Empty((await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}"))!["assessments"]!.AsArray());
    }

    [Fact]
    public async Task Names_in_any_script_are_welcome()
    {
        using var response = await app.ProjectManager.PostAsJsonAsync("/api/procurements", new { name = "Ελληνική Φιλοξενία – Société « Hébergement » ŁÓDŹ 東京" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>Another site on 127.0.0.1 (another port): the page a signed-in project manager is lured to.</summary>
    private sealed class AttackerSite(WebApplication app) : IAsyncDisposable
    {
        public Uri Address { get; } = new(app.Urls.First() + "/");

        public static async Task<AttackerSite> StartAsync(string html)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.MapGet("/", () => Results.Content(html, "text/html"));
            await app.StartAsync();
            return new AttackerSite(app);
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
