using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Grid;
using static Microsoft.Playwright.Assertions;

namespace SupplierAssessment.Functions.Tests.Pages;

/// <summary>The security expert's review page and the administrator's page, in a real browser on the real pipeline.</summary>
public class ReviewAndAdminPagesTests(PipelineApp app, Chromium chromium) : IClassFixture<PipelineApp>, IClassFixture<Chromium>
{
    private const string ExpertId = "expert@celar.example";

    [Fact]
    public async Task Expert_corrects_a_cell_and_finalizes_and_the_verified_report_follows()
    {
        var (procurementId, assessmentId, path) = await ReportedAssessmentAsync("Verified Hosting");
        var page = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.ExpertKey, path);
        Assert.Equal("Review of Verified Hosting", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        var cell = GridCell(page, "PA01", "2.1");
        Assert.NotEqual("F", await cell.GetAttributeAsync("data-letter"));

        await cell.Locator("a").ClickAsync();
        await page.WaitForURLAsync("**cell=PA01/2.1**");
        Assert.Contains("Administer Security Controls", await page.Locator("#cell-title").InnerTextAsync());
        Assert.Contains("GP 2.1.1", await page.Locator("#selected-cell").InnerTextAsync());
        Assert.Contains("BP.01.01", await page.Locator("#selected-cell").InnerTextAsync());
        await page.GetByLabel("Rating letter").SelectOptionAsync("F");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Evidence note" }).FillAsync("Signed access-control plan seen on site.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save correction" }).ClickAsync();
        await page.WaitForURLAsync("**saved=1**");

        Assert.Equal("F", await GridCell(page, "PA01", "2.1").GetAttributeAsync("data-letter"));
        Assert.Contains("Correction of PA01 2.1 saved", await page.GetByRole(AriaRole.Status).First.InnerTextAsync());
        var row = page.Locator("#overrides tr[data-cell='PA01/2.1']");
        Assert.Contains("F (100 %)", await row.InnerTextAsync());
        Assert.Equal("Signed access-control plan seen on site.", await row.Locator("td.note").InnerTextAsync());
        Assert.Contains(ExpertId, await row.InnerTextAsync());

        // Finalizing needs the confirmation; then the verified version is requested.
        await page.GetByRole(AriaRole.Button, new() { Name = "Finalize the review" }).ClickAsync();
        Assert.Contains("Tick the box", await page.Locator("#confirm-error").InnerTextAsync());
        await page.GetByLabel("The review is complete").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Finalize the review" }).ClickAsync();
        await page.WaitForURLAsync("**finalized=2**");
        Assert.Equal("The verified report (version 2) is being produced and will be emailed to the project manager.",
            await page.Locator("#finalize + p[role=status]").InnerTextAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Save correction" }).CountAsync());

        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v2", TimeSpan.FromSeconds(30));
        var report = await app.Expert.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/assessments/{assessmentId}/reports/2?format=json");
        Assert.True((bool)report!["verified"]!);
        Assert.Equal("F", (string)report["ratings"]!["PA01"]!["2.1"]!["letter"]!);
        Assert.Equal("Signed access-control plan seen on site.", (string)report["overrides"]![0]!["note"]!);
    }

    [Fact]
    public async Task Without_javascript_a_note_of_40_lines_of_49_characters_is_2000_characters_and_is_saved_as_the_browser_counted_it()
    {
        var (procurementId, assessmentId, path) = await ReportedAssessmentAsync("Noted Hosting");
        var page = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.ExpertKey, path + "?cell=PA01/2.1", javaScript: false);
        var note = string.Concat(Enumerable.Range(0, 40).Select(i => new string((char)('a' + i % 26), 49) + "\n"));
        await page.GetByLabel("Rating letter").SelectOptionAsync("L");
        var field = page.GetByRole(AriaRole.Textbox, new() { Name = "Evidence note" });
        await field.FillAsync(note);
        Assert.Equal(2000, (await field.InputValueAsync()).Length); // the browser's count against maxlength="2000"
        await page.GetByRole(AriaRole.Button, new() { Name = "Save correction" }).ClickAsync();
        await page.WaitForURLAsync("**saved=1**");
        var assessment = await app.Expert.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/assessments/{assessmentId}");
        Assert.Equal(note.Trim(), (string)assessment!["overrides"]![0]!["note"]!); // kept with LF line breaks, trimmed as every note is
    }

    [Fact]
    public async Task Bad_correction_is_told_next_to_its_field_and_nothing_is_saved()
    {
        var (procurementId, assessmentId, path) = await ReportedAssessmentAsync("Careless Hosting");
        var page = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.ExpertKey, path + "?cell=PA05/2.2");

        await page.GetByLabel("Rating letter").SelectOptionAsync("L");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save correction" }).ClickAsync();
        Assert.Contains("Write the evidence note that justifies the correction (1 to 2000 characters).", await page.Locator("#note-error").InnerTextAsync());
        Assert.Equal("true", await page.GetByRole(AriaRole.Textbox, new() { Name = "Evidence note" }).GetAttributeAsync("aria-invalid"));
        Assert.Contains("note-error", await page.GetByRole(AriaRole.Textbox, new() { Name = "Evidence note" }).GetAttributeAsync("aria-describedby"));
        Assert.Equal("L", await page.GetByLabel("Rating letter").InputValueAsync());
        Assert.Contains("The correction was not recorded.", await page.GetByRole(AriaRole.Alert).First.InnerTextAsync());

        // Without script nothing stops a letter and a percentage that contradict each other: the server refuses them.
        var noScript = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.ExpertKey, path + "?cell=PA05/2.2", javaScript: false);
        await noScript.GetByLabel("Rating letter").SelectOptionAsync("F");
        await noScript.GetByLabel("or a percentage").FillAsync("10");
        await noScript.GetByRole(AriaRole.Textbox, new() { Name = "Evidence note" }).FillAsync("Seen on site.");
        await noScript.GetByRole(AriaRole.Button, new() { Name = "Save correction" }).ClickAsync();
        Assert.Equal("The rating letter F and the percentage 10 % contradict each other (10 % is N): choose the letter that agrees with the percentage, or leave one of the two empty.",
            await noScript.Locator("#rating-error").InnerTextAsync());
        Assert.Equal("Seen on site.", await noScript.GetByRole(AriaRole.Textbox, new() { Name = "Evidence note" }).InputValueAsync());
        await noScript.GetByLabel("Rating letter").SelectOptionAsync("");
        await noScript.GetByLabel("or a percentage").FillAsync("150");
        await noScript.GetByRole(AriaRole.Button, new() { Name = "Save correction" }).ClickAsync();
        Assert.Equal("A rating is N, P, L, F or a percentage from 0 to 100.", await noScript.Locator("#rating-error").InnerTextAsync());
        Assert.Equal(0, await noScript.Locator("#note-error").CountAsync());

        var assessment = await app.Expert.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/assessments/{assessmentId}");
        Assert.Empty(assessment!["overrides"]!.AsArray());
        Assert.Equal("reported", (string)assessment["assessment"]!["state"]!);
    }

    // Issue #12 item 7: letter N with 95 typed was stored as F (95 %) without a word (the script cleared the letter).
    [Theory]
    [InlineData("en", "The rating letter N and the percentage 95 % contradict each other (95 % is F): choose the letter that agrees with the percentage, or leave one of the two empty.")]
    [InlineData("fr", "La lettre N et le pourcentage 95 % se contredisent (95 % vaut F)\u202F: choisissez la lettre qui correspond au pourcentage, ou laissez l'un des deux vide.")]
    public async Task Letter_and_percentage_that_contradict_each_other_are_refused_next_to_both_fields_and_kept(string language, string message)
    {
        var (procurementId, assessmentId, path) = await ReportedAssessmentAsync($"Contradicting Hosting {language}");
        var page = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.ExpertKey, $"{path}?cell=PA05/2.2&lang={language}");
        var letter = page.Locator("#letter");
        var percent = page.Locator("#percent");

        await letter.SelectOptionAsync("N");
        await percent.FillAsync("95");
        Assert.Equal("N", await letter.InputValueAsync()); // the script no longer clears the letter behind the expert's back
        await page.Locator("#note").FillAsync("Seen on site.");
        await page.Locator("form.override button[type=submit]").ClickAsync();

        Assert.Equal(message, await page.Locator("#rating-error").InnerTextAsync());
        Assert.Equal(1, await page.Locator("fieldset:has(#letter):has(#percent) #rating-error").CountAsync()); // next to both fields
        foreach (var field in new[] { letter, percent })
        {
            Assert.Equal("true", await field.GetAttributeAsync("aria-invalid"));
            Assert.Equal("rating-error", await field.GetAttributeAsync("aria-describedby"));
        }
        Assert.Equal("N", await letter.InputValueAsync());
        Assert.Equal("95", await percent.InputValueAsync());
        Assert.Equal("Seen on site.", await page.Locator("#note").InputValueAsync());
        var assessment = await app.Expert.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/assessments/{assessmentId}");
        Assert.Empty(assessment!["overrides"]!.AsArray());

        // Agreeing, they are taken (the percentage); and 50.04 % is shown as the L it is (item 6), not "50 %".
        await letter.SelectOptionAsync("L");
        await percent.FillAsync("50.04");
        await page.Locator("form.override button[type=submit]").ClickAsync();
        await page.WaitForURLAsync("**saved=1**");
        Assert.Equal("L", await GridCell(page, "PA05", "2.2").GetAttributeAsync("data-letter"));
        Assert.Equal("50.04", await GridCell(page, "PA05", "2.2").GetAttributeAsync("data-percent"));
        Assert.Contains("L (50.04 %)", await page.Locator("#overrides tr[data-cell='PA05/2.2']").InnerTextAsync());
        Assert.Contains("L (50.04 %)", await page.Locator("#selected-cell dl.facts").InnerTextAsync());
    }

    [Fact]
    public async Task Another_expert_gets_the_not_found_page_and_the_owner_reads_without_forms()
    {
        var (_, _, path) = await ReportedAssessmentAsync("Private Hosting");
        var other = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.OtherExpertKey, path);
        var response = await other.GotoAsync(path + "?lang=fr");
        Assert.Equal(404, response!.Status);
        Assert.Equal("Revue introuvable", await other.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        Assert.DoesNotContain("Private Hosting", await other.ContentAsync());

        var owner = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.PmKey, path + "?cell=PA01/1.1");
        Assert.Equal(22, await owner.Locator("#grid thead th abbr").CountAsync());
        Assert.Equal(12, await owner.Locator("#grid tbody tr:has(td[data-pa])").CountAsync());
        Assert.Equal("5.2", await owner.Locator("#grid tbody tr th").First.InnerTextAsync());
        Assert.Equal(0, await owner.GetByRole(AriaRole.Button, new() { Name = "Save correction" }).CountAsync());
        Assert.Equal(0, await owner.GetByRole(AriaRole.Button, new() { Name = "Finalize the review" }).CountAsync());
    }

    [Fact]
    public async Task What_if_targets_recompute_the_missing_points_live_with_script_and_on_the_server_without()
    {
        var (_, _, path) = await ReportedAssessmentAsync("What-if Hosting");
        var page = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.ExpertKey, path);
        var before = int.Parse(await page.Locator("#whatif-missing").InnerTextAsync());
        Assert.Equal("2", await page.GetByLabel("PA01 Administer Security Controls").InputValueAsync()); // government-web-hosting, normal

        await page.GetByLabel("PA01 Administer Security Controls").FillAsync("5");
        await Expect(page.Locator("#whatif-missing")).Not.ToHaveTextAsync(before.ToString());
        var live = int.Parse(await page.Locator("#whatif-missing").InnerTextAsync());
        Assert.True(live > before, $"raising PA01 to level 5 asks more than {before} points (got {live})");
        Assert.EndsWith(path, page.Url); // no page load: the numbers came from POST /api/gap

        var noScript = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.ExpertKey, path, javaScript: false);
        Assert.Equal(before, int.Parse(await noScript.Locator("#whatif-missing").InnerTextAsync()));
        await noScript.GetByLabel("PA01 Administer Security Controls").FillAsync("5");
        await noScript.GetByRole(AriaRole.Button, new() { Name = "Recompute" }).ClickAsync();
        await noScript.WaitForURLAsync("**whatif=1**PA01=5**");
        Assert.Equal(live, int.Parse(await noScript.Locator("#whatif-missing").InnerTextAsync()));
        Assert.Equal(before, int.Parse(await noScript.Locator("#whatif-missing-now").InnerTextAsync()));

        await noScript.GetByLabel("PA02 Assess Impact").FillAsync("7");
        await noScript.GetByRole(AriaRole.Button, new() { Name = "Recompute" }).ClickAsync();
        await noScript.WaitForURLAsync("**PA02=7**");
        Assert.Equal("A target is a capability level from 0 to 5.", await noScript.Locator("#target-PA02-error").InnerTextAsync());
        Assert.Equal("—", await noScript.Locator("#whatif-missing").InnerTextAsync());
    }

    [Fact]
    public async Task Notes_that_look_like_markup_are_shown_literally_and_never_run()
    {
        var (_, _, path) = await ReportedAssessmentAsync("Curious Hosting");
        var page = await chromium.NewPageAsync(app.BaseAddress);
        var dialogs = 0;
        page.Dialog += (_, dialog) =>
        {
            dialogs++;
            _ = dialog.DismissAsync();
        };
        await Chromium.SignInAsync(page, PipelineApp.ExpertKey, path);
        string[] notes = ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>"];
        foreach (var (note, cell) in notes.Zip(["PA02/1.1", "PA03/1.1"]))
        {
            await page.GotoAsync($"{path}?cell={cell}");
            await page.GetByLabel("Rating letter").SelectOptionAsync("P");
            await page.GetByRole(AriaRole.Textbox, new() { Name = "Evidence note" }).FillAsync(note);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save correction" }).ClickAsync();
            await page.WaitForURLAsync("**saved=1**");
            Assert.Equal(note, await page.Locator("#selected-cell dd.note").InnerTextAsync());
        }
        await page.ReloadAsync();
        Assert.Equal(notes, await page.Locator("#overrides td.note").AllInnerTextsAsync());
        Assert.Equal(0, await page.Locator("img[src=x], #overrides script").CountAsync());
        Assert.Equal(0, dialogs);
    }

    [Fact]
    public async Task Admin_sees_the_shipped_templates_and_profiles_and_a_project_manager_is_refused()
    {
        var page = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.AdminKey, "/manage");
        Assert.Equal("Templates and profiles", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        Assert.Contains("Profiles shipped with the product cannot be changed", await page.Locator("main").InnerTextAsync());

        var template = ShippedData.CurrentTemplate;
        var templateSection = page.Locator($"section[data-template='{template.Key}']");
        Assert.Equal(template.Topics.Count, await templateSection.Locator("tr[data-topic]").CountAsync());
        Assert.Equal(22, await templateSection.Locator("tr[data-pa]").CountAsync());
        var pa01Scored = template.ScoredQuestions.Count(q => q.Cells.Any(c => c.ProcessArea.Id == "PA01"));
        Assert.Equal(pa01Scored.ToString(), await templateSection.Locator("tr[data-pa=PA01] td").First.InnerTextAsync());

        Assert.Equal(ShippedData.Profiles.Count, await page.Locator("section[data-profile]").CountAsync());
        foreach (var profile in new[] { "government-web-hosting", "uniform-level-3" }.Select(id => ShippedData.Profile(id)))
        {
            var pa08 = page.Locator($"section[data-profile='{profile.Id}'] tr[data-pa=PA08]");
            Assert.Contains("Monitor Security Posture", await pa08.Locator("th").InnerTextAsync());
            foreach (var level in profile.AlertLevels)
            {
                var expected = profile.Target(level, ProcessAreaId.Parse("PA08")).ToString();
                Assert.Equal(expected, await pa08.Locator($"td[data-alert-level='{level}']").InnerTextAsync());
            }
            Assert.Equal("supplier", await pa08.Locator("td[data-actor]").GetAttributeAsync("data-actor"));
            Assert.Equal(profile.Rationale[ProcessAreaId.Parse("PA08")].En, await pa08.Locator("td.rationale").InnerTextAsync());
        }

        using var asManager = await app.ProjectManager.GetAsync("/manage");
        Assert.Equal(HttpStatusCode.Forbidden, asManager.StatusCode);
        using var asNobody = await app.Anonymous.GetAsync("/manage");
        Assert.Equal("/signin", asNobody.RequestMessage!.RequestUri!.AbsolutePath);
    }

    [Fact]
    public async Task Review_and_admin_pages_have_no_serious_accessibility_violation_and_fit_a_phone()
    {
        var (_, _, path) = await ReportedAssessmentAsync("Accessible Hosting");
        var page = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.ExpertKey, path + "?cell=PA04/2.1", bypassCsp: true);
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(page));

        await page.GetByRole(AriaRole.Button, new() { Name = "Save correction" }).ClickAsync(); // the form with its messages
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(page));

        if (Environment.GetEnvironmentVariable("SHOTS") is { } shots) { await page.ScreenshotAsync(new() { Path = shots + "/review.png", FullPage = true }); }
        await page.SetViewportSizeAsync(375, 800);
        await page.GotoAsync(path + "?cell=PA04/2.1&lang=fr");
        var tooWide = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                    && !e.closest('.table-wrap')).map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 5)
            """);
        Assert.True(tooWide.Length == 0, "on a phone only the tables scroll sideways, inside their .table-wrap: " + string.Join(", ", tooWide));
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page itself does not scroll sideways");
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(page));

        var admin = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.AdminKey, "/manage", bypassCsp: true);
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(admin));
        if (Environment.GetEnvironmentVariable("SHOTS") is { } shots2) { await page.ScreenshotAsync(new() { Path = shots2 + "/phone.png", FullPage = true }); await admin.ScreenshotAsync(new() { Path = shots2 + "/manage.png", FullPage = true }); }
    }

    // ---- steps ----

    private async Task<(string ProcurementId, string AssessmentId, string Path)> ReportedAssessmentAsync(string supplierName)
    {
        var (procurementId, assessmentId) = await app.ReportedAndAssignedAsync(supplierName, ExpertId);
        return (procurementId, assessmentId, $"/review/{procurementId}/{assessmentId}");
    }

    private static ILocator GridCell(IPage page, string processArea, string commonFeature) =>
        page.Locator($"#grid td[data-pa='{processArea}'][data-cf='{commonFeature}']");
}
