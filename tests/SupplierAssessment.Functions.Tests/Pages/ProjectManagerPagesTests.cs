using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Functions.Tests.Pages;

/// <summary>The project manager's pages in a real browser: create a procurement, invite, follow, rank, read reports.</summary>
public partial class ProjectManagerPagesTests(PipelineApp app, Chromium chromium) : IClassFixture<PipelineApp>, IClassFixture<Chromium>
{
    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Pm_creates_a_procurement_invites_two_suppliers_and_ranks_them_once_their_reports_arrive()
    {
        var page = await SignedInAsync();
        await page.GotoAsync("/procurements/new");
        // The default profile's targets are on the form: PA08 is planned at normal, defined at elevated, measured at high.
        var targets = page.Locator("details.targets[data-profile=government-web-hosting]");
        Assert.Equal(["Process area", "Normal", "Elevated", "High", "Why"], await targets.Locator("thead th").AllInnerTextsAsync());
        var pa08 = targets.Locator("tbody tr").Filter(new() { HasText = "PA08" });
        Assert.Contains("Monitor Security Posture", await pa08.Locator("th").InnerTextAsync());
        Assert.Equal(["2", "3", "4"], await pa08.Locator("td.num").AllInnerTextsAsync());
        Assert.Equal(1, await pa08.Locator("details.why").CountAsync());
        Assert.Equal("pm@buyer.example", await page.GetByLabel("Email for the reports").InputValueAsync());
        Assert.Equal("3", await page.GetByLabel("Uniform baseline level").InputValueAsync());

        var procurementId = await CreateThroughFormAsync(page, "Ministry portal hosting");
        Assert.Equal("Ministry portal hosting", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        Assert.Contains("Government web hosting v1", await page.Locator("dl.facts").InnerTextAsync());

        var (strongId, strongToken) = await InviteThroughFormAsync(page, "Strong Hosting", "sec@strong.pages.example");
        var (weakId, weakToken) = await InviteThroughFormAsync(page, "Weak Hosting", "sec@weak.pages.example");
        Assert.Equal("Invited", (await StateOf(page, "Strong Hosting")).Trim());
        Assert.Equal("Invited", (await StateOf(page, "Weak Hosting")).Trim());
        Assert.Equal(["Strong Hosting", "Weak Hosting"], await WaitingAsync(page));

        await AnswerAndSubmitAsync(strongToken, level: 4, option: 9);
        await AnswerAndSubmitAsync(weakToken, level: 1, option: 0);
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{strongId}:v1", MailWait);
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{weakId}:v1", MailWait);

        await page.ReloadAsync();
        Assert.Equal("Reported", (await StateOf(page, "Strong Hosting")).Trim());
        Assert.Equal("Reported", (await StateOf(page, "Weak Hosting")).Trim());
        var ranking = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/ranking");
        var apiMissing = ranking!["bidders"]!.AsArray().ToDictionary(b => (string)b!["supplierName"]!, b => (int)b!["missingPoints"]!);
        Assert.Equal(apiMissing["Strong Hosting"], int.Parse(await Row(page, "Strong Hosting").Locator("td.missing").InnerTextAsync()));
        Assert.Equal(apiMissing["Weak Hosting"], int.Parse(await Row(page, "Weak Hosting").Locator("td.missing").InnerTextAsync()));
        Assert.True(apiMissing["Strong Hosting"] < apiMissing["Weak Hosting"]);
        var rows = page.Locator("#ranking table.ranking tbody tr");
        Assert.Equal(["Strong Hosting", "Weak Hosting"], (await rows.Locator("th").AllInnerTextsAsync()).Select(t => t.Trim()));
        Assert.Equal(["1", apiMissing["Strong Hosting"].ToString()], (await rows.First.Locator("td").AllInnerTextsAsync()).Take(2));
        Assert.Equal(0, await page.Locator("#ranking ul.waiting").CountAsync());

        // The report page: the stored HTML in a frame (its SVG grid), and a text summary from the stored JSON.
        await page.GetByRole(AriaRole.Link, new() { Name = "Version 1 – Strong Hosting" }).ClickAsync();
        await page.WaitForURLAsync($"**/procurements/{procurementId}/assessments/{strongId}/reports/1");
        Assert.Contains("Report version 1", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        var frame = page.FrameLocator("iframe[title='Report version 1 for Strong Hosting']");
        await frame.Locator("svg").First.WaitForAsync();
        Assert.Contains("Strong Hosting", await frame.Locator("h1").InnerTextAsync());
        var json = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/assessments/{strongId}/reports/1?format=json");
        Assert.Contains($"{apiMissing["Strong Hosting"]} missing points at the active alert level (Normal)", await page.Locator(".report-summary").InnerTextAsync());
        Assert.Equal(json!["actionPlan"]!["totals"]!["supplier"]!.ToString(), await SummaryValueAsync(page, "Supplier's actions"));
        Assert.Equal(json["actionPlan"]!["totals"]!["expert"]!.ToString(), await SummaryValueAsync(page, "Security expert's actions"));
        Assert.Equal(json["gap"]!["variants"]![2]!["missingPoints"]!.ToString(), await SummaryValueAsync(page, "Missing at High"));
        Assert.Equal($"/api/procurements/{procurementId}/assessments/{strongId}/reports/1?format=json",
            await page.GetByRole(AriaRole.Link, new() { Name = "Download the JSON" }).GetAttributeAsync("href"));
        var pdf = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download the PDF" }).ClickAsync());
        Assert.Equal("Strong Hosting-report-v1.pdf", pdf.SuggestedFilename);
        var csv = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Action plan as CSV" }).ClickAsync());
        Assert.Equal("Strong Hosting-action-plan-v1.csv", csv.SuggestedFilename);

        // Raising the alert level recomputes both reports as version 2.
        await page.GotoAsync($"/procurements/{procurementId}");
        await page.GetByLabel("Active alert level").SelectOptionAsync(new SelectOptionValue { Label = "High" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Change the alert level" }).ClickAsync();
        Assert.Contains("2 reports are being recomputed", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        Assert.Contains("High", await page.Locator("dl.facts").InnerTextAsync());
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{weakId}:v2", MailWait);
        await page.ReloadAsync();
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = "Version 2 – Weak Hosting" }).CountAsync());
    }

    [Fact]
    public async Task Bad_input_is_told_next_to_each_field_and_creates_nothing()
    {
        var page = await SignedInAsync();
        var before = (await app.ProjectManager.GetFromJsonAsync<JsonArray>("/api/procurements"))!.Count;
        await page.GotoAsync("/procurements/new");
        await page.GetByLabel("Email for the reports").FillAsync("not-an-email");
        await page.GetByLabel("Uniform baseline level").FillAsync("7");
        // Picking a profile narrows the alert levels to its own; the server checks it all the same.
        await page.GetByLabel("Uniform level 3").CheckAsync();
        Assert.Equal(["Normal"], await page.Locator("#activeAlertLevel option:enabled").AllInnerTextsAsync());
        await page.EvaluateAsync("() => { const high = document.querySelector('#activeAlertLevel option[value=high]'); high.parentElement.disabled = false; high.selected = true; }");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the procurement" }).ClickAsync();

        Assert.EndsWith("/procurements/new", page.Url);
        Assert.Equal("Give the procurement a name of 1 to 200 characters.", await page.Locator("#name + #name-error").InnerTextAsync());
        // What was typed is not an address: the message says so (a fresh user read "Give the email address…" as "it is empty").
        Assert.Equal("“not-an-email” is not an email address: give one address, like name@company.example.",
            await page.Locator("#projectManagerEmail + #projectManagerEmail-error").InnerTextAsync());
        Assert.Equal("The uniform baseline is a capability level from 0 to 5.", await page.Locator("#baselineLevel + #baselineLevel-error").InnerTextAsync());
        Assert.Equal("'high' is not an alert level of uniform-level-3 (normal).", await page.Locator("#activeAlertLevel + #activeAlertLevel-error").InnerTextAsync());
        Assert.Equal("true", await page.GetByLabel("Procurement name").GetAttributeAsync("aria-invalid"));
        Assert.True(await page.GetByLabel("Uniform level 3").IsCheckedAsync());
        Assert.Equal("not-an-email", await page.GetByLabel("Email for the reports").InputValueAsync());
        Assert.Contains("could not be created", await page.GetByRole(AriaRole.Alert).InnerTextAsync());
        Assert.Equal(before, (await app.ProjectManager.GetFromJsonAsync<JsonArray>("/api/procurements"))!.Count);

        // The invitation form: same rules as the API, nobody invited, no mail.
        var procurementId = await app.CreateProcurementAsync("Bad input hosting");
        await page.GotoAsync($"/procurements/{procurementId}");
        await page.GetByLabel("Supplier email").FillAsync("nobody@");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).ClickAsync();
        Assert.Equal("Give the supplier's name (1 to 200 characters).", await page.Locator("#supplierName + #supplierName-error").InnerTextAsync());
        Assert.Equal("“nobody@” is not an email address: give one address, like name@company.example.",
            await page.Locator("#supplierEmail + #supplierEmail-error").InnerTextAsync());
        var procurement = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}");
        Assert.Empty(procurement!["assessments"]!.AsArray());
        Assert.DoesNotContain(app.Mail.Mails, m => m.To == "nobody@");
    }

    [Fact]
    public async Task Resend_sends_a_new_link_revoke_stops_it_and_a_failed_email_is_said()
    {
        var procurementId = await app.CreateProcurementAsync("Links hosting");
        var page = await SignedInAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync(); // the buttons ask "are you sure?"
        await page.GotoAsync($"/procurements/{procurementId}");
        var (assessmentId, firstToken) = await InviteThroughFormAsync(page, "Links Hosting", "sec@links.pages.example");
        var first = await app.Mail.WaitForMailAsync(m => m.IdempotencyKey?.StartsWith($"invitation:{assessmentId}:") == true, MailWait);

        await Row(page, "Links Hosting").GetByRole(AriaRole.Button, new() { Name = "Resend link" }).ClickAsync();
        Assert.Contains("A new link was emailed to Links Hosting", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        var second = await app.Mail.WaitForMailAsync(m => m.IdempotencyKey?.StartsWith($"invitation:{assessmentId}:") == true && m.IdempotencyKey != first.IdempotencyKey, MailWait);
        var secondToken = PipelineApp.TokenIn(second.Text!);
        Assert.Equal(HttpStatusCode.NotFound, await QuestionnaireStatusAsync(firstToken));
        Assert.Equal(HttpStatusCode.OK, await QuestionnaireStatusAsync(secondToken));

        await Row(page, "Links Hosting").GetByRole(AriaRole.Button, new() { Name = "Revoke link" }).ClickAsync();
        Assert.Contains("The link of Links Hosting is revoked", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        Assert.Contains("revoked", await Row(page, "Links Hosting").InnerTextAsync());
        Assert.Equal(0, await Row(page, "Links Hosting").GetByRole(AriaRole.Button, new() { Name = "Revoke link" }).CountAsync());
        Assert.Equal(HttpStatusCode.NotFound, await QuestionnaireStatusAsync(secondToken));
        var audit = await app.ProjectManager.GetFromJsonAsync<JsonArray>($"/api/procurements/{procurementId}/audit");
        Assert.Contains(audit!, e => (string)e!["action"]! == "link resent");
        Assert.Contains(audit!, e => (string)e!["action"]! == "link revoked");

        // SendGrid cannot take the next invitation now: the page says so, and that it goes out by itself.
        app.Mail.FailNext(1, 500);
        await page.GetByLabel("Supplier name").FillAsync("Unlucky Hosting");
        await page.GetByLabel("Supplier email").FillAsync("sec@unlucky.pages.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).ClickAsync();
        var alert = await page.GetByRole(AriaRole.Alert).InnerTextAsync();
        Assert.Contains("could not be sent just now", alert);
        Assert.Contains("sent again automatically", alert);
        Assert.Equal("Invited", (await StateOf(page, "Unlucky Hosting")).Trim());
        Assert.Contains("invitation not sent yet: retrying", await Row(page, "Unlucky Hosting").InnerTextAsync()); // and the table keeps saying so
    }

    [Fact]
    public async Task A_post_to_a_form_the_page_does_not_have_is_a_400_that_says_nothing_was_done()
    {
        // Found by a fresh user: ?handler=Bogus answered 200 with the page, as if something had happened.
        var procurementId = await app.CreateProcurementAsync("Unknown form");
        var page = await SignedInAsync();
        await page.GotoAsync($"/procurements/{procurementId}");
        var response = await page.RunAndWaitForResponseAsync(() => page.EvaluateAsync(
            "() => { const f = document.querySelector('form[action=\"?handler=Invite\"]'); f.action = '?handler=Bogus'; f.submit(); }"),
            r => r.Url.Contains("handler=Bogus", StringComparison.Ordinal));
        Assert.Equal(400, response.Status);
        Assert.Contains("This page has no such form, so nothing was done.", await page.GetByRole(AriaRole.Alert).InnerTextAsync());
        var procurement = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}");
        Assert.Empty(procurement!["assessments"]!.AsArray());
    }

    [Fact]
    public async Task Names_typed_as_markup_show_literally_and_run_nothing()
    {
        const string scriptName = "<script>alert(1)</script>";
        const string imageName = "\"><img src=x onerror=alert(1)>";
        var procurementId = await app.CreateProcurementAsync("Markup hosting");
        var page = await SignedInAsync(bypassCsp: true); // no CSP safety net: only encoding protects
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) => { dialogs.Add(dialog.Message); await dialog.DismissAsync(); };
        await page.GotoAsync($"/procurements/{procurementId}");
        var (scriptId, scriptToken) = await InviteThroughFormAsync(page, scriptName, "sec@script.pages.example");
        await InviteThroughFormAsync(page, imageName, "sec@image.pages.example");
        await AnswerAndSubmitAsync(scriptToken, level: 2, option: 3);
        var mail = await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{scriptId}:v1", MailWait);

        var response = await page.GotoAsync($"/procurements/{procurementId}");
        var raw = await response!.TextAsync();
        Assert.DoesNotContain("<script>alert", raw);
        Assert.DoesNotContain("<img src=x", raw);
        Assert.Equal(1, await Row(page, scriptName).CountAsync());
        Assert.Equal(1, await Row(page, imageName).CountAsync());
        Assert.Equal([scriptName], (await page.Locator("#ranking table.ranking tbody th").AllInnerTextsAsync()).Select(t => t.Trim()));
        Assert.Equal(0, await page.Locator("img").CountAsync());

        response = await page.GotoAsync($"/procurements/{procurementId}/assessments/{scriptId}/reports/1");
        raw = await response!.TextAsync();
        Assert.DoesNotContain("<script>alert", raw);
        Assert.StartsWith(scriptName, await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        var frame = page.FrameLocator("iframe.report-frame");
        Assert.Contains(scriptName, await frame.Locator("h1").InnerTextAsync());
        Assert.Equal(0, await frame.Locator("script").CountAsync());

        // The emailed HTML, opened as a mail client would show it: the name is text there too.
        await page.SetContentAsync(mail.Html!);
        Assert.Contains(scriptName, await page.Locator("body").InnerTextAsync());
        Assert.Equal(0, await page.Locator("script, img").CountAsync());
        await page.WaitForTimeoutAsync(300);
        Assert.Empty(dialogs);
    }

    [Fact]
    public async Task Another_pm_gets_the_not_found_page_and_only_the_assigned_expert_sees_the_report()
    {
        var procurementId = await app.CreateProcurementAsync("Private hosting");
        var (assessmentId, token) = await app.InviteAsync(procurementId, "Private Hosting", "sec@private.pages.example");
        await AnswerAndSubmitAsync(token, level: 3, option: 5);
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v1", MailWait);
        var reportPage = $"/procurements/{procurementId}/assessments/{assessmentId}/reports/1";

        var other = await SignedInAsync(PipelineApp.OtherPmKey);
        foreach (var path in new[] { $"/procurements/{procurementId}", reportPage, $"/procurements/{procurementId}/assessments/{assessmentId}/reports/9" })
        {
            var response = await other.GotoAsync(path);
            Assert.Equal(404, response!.Status);
            Assert.Equal("Page not found", await other.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
            Assert.DoesNotContain("Private Hosting", await other.ContentAsync());
        }

        var expert = await SignedInAsync(PipelineApp.ExpertKey, landing: "**/reviews"); // an expert lands on "my reviews"
        Assert.Equal(404, (await expert.GotoAsync(reportPage))!.Status);
        using (var assigned = await app.ProjectManager.PutAsJsonAsync($"/api/procurements/{procurementId}/assessments/{assessmentId}/reviewer", new { expertId = "expert@celar.example" }))
        {
            Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        }
        Assert.Equal(200, (await expert.GotoAsync(reportPage))!.Status);
        Assert.Equal($"/review/{procurementId}/{assessmentId}", await expert.GetByRole(AriaRole.Link, new() { Name = "Back to the review" }).GetAttributeAsync("href"));
        await expert.FrameLocator("iframe.report-frame").Locator("svg").First.WaitForAsync();
    }

    [Fact]
    public async Task Assigning_a_reviewer_picks_a_configured_expert_is_audited_and_emails_the_expert_the_review_link()
    {
        var procurementId = await app.CreateProcurementAsync("Review hosting");
        var (assessmentId, _) = await app.InviteAsync(procurementId, "Reviewed Hosting", "sec@reviewed.pages.example");
        var page = await SignedInAsync();
        await page.GotoAsync($"/procurements/{procurementId}");
        var row = Row(page, "Reviewed Hosting");
        await row.GetByRole(AriaRole.Button, new() { Name = "Assign" }).ClickAsync();
        Assert.Equal("Name the security expert who will review this assessment.", await Row(page, "Reviewed Hosting").Locator(".field-error").InnerTextAsync());

        // The choices are the configured experts; a word that is not one ("bob", posted by a crafted form) is refused next to the field.
        var choices = await Row(page, "Reviewed Hosting").GetByLabel("Reviewing expert").Locator("option").AllInnerTextsAsync();
        Assert.Equal(["— pick an expert —", "expert@celar.example", "other-expert@celar.example"], choices);
        await Row(page, "Reviewed Hosting").GetByLabel("Reviewing expert").EvaluateAsync("select => { select.add(new Option('bob', 'bob')); select.value = 'bob'; }");
        await Row(page, "Reviewed Hosting").GetByRole(AriaRole.Button, new() { Name = "Assign" }).ClickAsync();
        Assert.Equal("Pick one of the configured security experts.", await Row(page, "Reviewed Hosting").Locator(".field-error").InnerTextAsync());
        Assert.Equal("bob", await Row(page, "Reviewed Hosting").GetByLabel("Reviewing expert").InputValueAsync()); // kept as sent
        Assert.DoesNotContain(app.Mail.Mails, m => m.IdempotencyKey?.StartsWith($"review-assigned:{assessmentId}") == true);

        await Row(page, "Reviewed Hosting").GetByLabel("Reviewing expert").SelectOptionAsync("expert@celar.example");
        await Row(page, "Reviewed Hosting").GetByRole(AriaRole.Button, new() { Name = "Assign" }).ClickAsync();
        Assert.Contains("expert@celar.example will review Reviewed Hosting", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        Assert.Equal("expert@celar.example", await Row(page, "Reviewed Hosting").GetByLabel("Reviewing expert").InputValueAsync());
        var audit = await app.ProjectManager.GetFromJsonAsync<JsonArray>($"/api/procurements/{procurementId}/audit");
        Assert.Contains(audit!, e => (string)e!["action"]! == "reviewer assigned" && (string?)e["details"] == "expert@celar.example");

        // The expert is emailed the link to the review, through SendGrid, once.
        var mail = await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"review-assigned:{assessmentId}:expert@celar.example", MailWait);
        Assert.Equal("expert@celar.example", mail.To);
        Assert.Contains($"/review/{procurementId}/{assessmentId}", mail.Text);
        Assert.Contains("Reviewed Hosting", mail.Subject);
    }

    [Fact]
    public async Task Pages_have_no_serious_accessibility_violation_and_fit_a_phone()
    {
        var procurementId = await app.CreateProcurementAsync("Accessible hosting");
        var (reportedId, token) = await app.InviteAsync(procurementId, "Answered Hosting", "sec@answered.pages.example");
        await app.InviteAsync(procurementId, "Silent Hosting", "sec@silent.pages.example");
        await AnswerAndSubmitAsync(token, level: 3, option: 5);
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{reportedId}:v1", MailWait);

        var page = await SignedInAsync(bypassCsp: true);
        foreach (var path in new[] { "/procurements/new", $"/procurements/{procurementId}", $"/procurements/{procurementId}/assessments/{reportedId}/reports/1" })
        {
            await page.SetViewportSizeAsync(1280, 900);
            await page.GotoAsync(path);
            var violations = await Chromium.SeriousAccessibilityViolationsAsync(page);
            Assert.True(violations.Count == 0, $"{path}: {string.Join("; ", violations)}");
            await page.SetViewportSizeAsync(375, 800);
            await page.ReloadAsync();
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{path} scrolls sideways on a phone");
        }
        // The report itself, as framed on the report page, opened in print and emailed as a link.
        await page.SetViewportSizeAsync(1280, 900);
        await page.GotoAsync($"/api/procurements/{procurementId}/assessments/{reportedId}/reports/1?format=html");
        await page.Locator("svg").First.WaitForAsync();
        var reportViolations = await Chromium.SeriousAccessibilityViolationsAsync(page);
        Assert.True(reportViolations.Count == 0, $"report HTML: {string.Join("; ", reportViolations)}");

        // The form with its messages is accessible too, and so is the French page.
        await page.GotoAsync("/procurements/new?lang=fr");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer la consultation" }).ClickAsync();
        Assert.Contains("Donnez à la consultation un nom", await page.Locator("#name-error").InnerTextAsync());
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(page));
    }

    // ---- steps in the users' words ----

    private async Task<IPage> SignedInAsync(string key = PipelineApp.PmKey, bool bypassCsp = false, string landing = "**/procurements")
    {
        var page = await chromium.NewPageAsync(app.BaseAddress, bypassCsp);
        await page.GotoAsync("/signin");
        await page.GetByLabel("Your key").FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(landing);
        return page;
    }

    private static async Task<string> CreateThroughFormAsync(IPage page, string name)
    {
        await page.GetByLabel("Procurement name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the procurement" }).ClickAsync();
        await page.WaitForURLAsync(ProcurementUrl());
        return new Uri(page.Url).Segments[^1];
    }

    /// <summary>Invites through the form and returns the supplier's token, read from the invitation email.</summary>
    private async Task<(string AssessmentId, string Token)> InviteThroughFormAsync(IPage page, string name, string email)
    {
        await page.GetByLabel("Supplier name").FillAsync(name);
        await page.GetByLabel("Supplier email").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).ClickAsync();
        Assert.Contains($"{name} is invited: the personal link was emailed to {email}.", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        var mail = await app.Mail.WaitForMailAsync(m => m.To == email && m.IdempotencyKey?.StartsWith("invitation:") == true, MailWait);
        return (mail.IdempotencyKey!.Split(':')[1], PipelineApp.TokenIn(mail.Text!));
    }

    private async Task AnswerAndSubmitAsync(string token, int level, int option)
    {
        var supplier = new Answering(app.Anonymous, token);
        using (var opened = await supplier.OpenAsync())
        {
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        }
        using (var saved = await supplier.SaveAsync(supplier.AnswersFor(level, option, "Described in our security plan.")))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }
        await supplier.AttachRequiredEvidenceAsync();
        using var submitted = await supplier.SubmitAsync();
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
    }

    private async Task<HttpStatusCode> QuestionnaireStatusAsync(string token)
    {
        using var response = await app.Anonymous.GetAsync($"/api/questionnaires/{token}");
        return response.StatusCode;
    }

    private static ILocator Row(IPage page, string supplierName) =>
        page.Locator("#suppliers tbody tr").Filter(new() { Has = page.Locator("th", new() { HasText = supplierName }) });

    private static Task<string> SummaryValueAsync(IPage page, string label) =>
        page.Locator(".report-summary dl div").Filter(new() { Has = page.Locator("dt", new() { HasText = label }) }).Locator("dd").InnerTextAsync();

    private static Task<string> StateOf(IPage page, string supplierName) => Row(page, supplierName).Locator("td.state").InnerTextAsync();

    private static async Task<IEnumerable<string>> WaitingAsync(IPage page) =>
        (await page.Locator("#ranking ul.waiting li").AllInnerTextsAsync()).Select(t => t[..t.IndexOf(" (", StringComparison.Ordinal)]);

    [GeneratedRegex(@"/procurements/(?!new$)[a-z0-9]+$")]
    private static partial Regex ProcurementUrl();
}
