using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Questionnaires;

namespace SupplierAssessment.Functions.Tests.Pages;

/// <summary>The targets page of one procurement (issue 10, part 4) in a real browser.</summary>
public class TargetsPageTests(PipelineApp app, Chromium chromium) : IClassFixture<PipelineApp>, IClassFixture<Chromium>
{
    private static ILocator Cell(IPage page, string processArea, string alertLevel) =>
        page.Locator($"table.procurement-targets tr[data-pa={processArea}] td[data-alert-level={alertLevel}]");

    [Fact]
    public async Task Two_tabs_editing_targets_keep_each_others_changes_and_a_cell_changed_in_both_is_a_conflict()
    {
        var procurementId = await app.CreateProcurementAsync("Targets in two tabs");
        var path = $"/procurements/{procurementId}/targets";
        var tabA = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.PmKey, path);
        var tabB = await tabA.Context.NewPageAsync();
        await tabB.GotoAsync(path);

        async Task SetAsync(IPage tab, string pa, string level, string target, string reason)
        {
            await tab.GetByLabel($"Target of {pa} at {level}", new() { Exact = true }).FillAsync(target);
            await tab.GetByLabel($"Reason for the target of {pa} at {level} (when changed)").FillAsync(reason);
        }
        async Task<int> SaveAsync(IPage tab) => (await tab.RunAndWaitForResponseAsync(
            () => tab.GetByRole(AriaRole.Button, new() { Name = "Save the targets" }).ClickAsync(), r => r.Request.Method == "POST"))!.Status;

        await SetAsync(tabA, "PA03", "Normal", "4", "Tab A's reason.");
        Assert.Equal(302, await SaveAsync(tabA));
        // Tab B still shows PA03 at 2: its own change to PA04 is saved on top, PA03 keeps tab A's 4.
        await SetAsync(tabB, "PA04", "Normal", "4", "Tab B's reason.");
        Assert.Equal(302, await SaveAsync(tabB));
        var targets = (await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/targets"))!;
        Assert.Equal(["PA03 normal 4 Tab A's reason.", "PA04 normal 4 Tab B's reason."],
            targets["adjustments"]!.AsArray().Select(a => $"{a!["processArea"]} {a["alertLevel"]} {a["target"]} {a["reason"]}"));

        // A third copy, opened before both saves, changes PA03 too: a conflict, shown at the cell; nothing saved.
        var tabC = await tabA.Context.NewPageAsync();
        await app.ProjectManager.PutAsJsonAsync($"/api/procurements/{procurementId}/targets", new { adjustments = Array.Empty<object>() });
        await tabC.GotoAsync(path);
        await tabA.GotoAsync(path);
        await SetAsync(tabA, "PA03", "Normal", "4", "Tab A again.");
        Assert.Equal(302, await SaveAsync(tabA));
        await SetAsync(tabC, "PA03", "Normal", "5", "Tab C's reason.");
        Assert.Equal(409, await SaveAsync(tabC));
        Assert.Contains("Changed meanwhile to 4 (Tab A again.)", await Cell(tabC, "PA03", "normal").Locator(".field-error").InnerTextAsync());
        Assert.Equal("5", await tabC.GetByLabel("Target of PA03 at Normal", new() { Exact = true }).InputValueAsync());
        targets = (await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/targets"))!;
        Assert.Equal(["PA03 normal 4 Tab A again."], targets["adjustments"]!.AsArray().Select(a => $"{a!["processArea"]} {a["alertLevel"]} {a["target"]} {a["reason"]}"));
        // Sent again, the user's 5 is saved knowingly.
        Assert.Equal(302, await SaveAsync(tabC));
        targets = (await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/targets"))!;
        Assert.Equal(["PA03 normal 5 Tab C's reason."], targets["adjustments"]!.AsArray().Select(a => $"{a!["processArea"]} {a["alertLevel"]} {a["target"]} {a["reason"]}"));
    }

    [Fact]
    public async Task Pm_sets_targets_with_reasons_and_bad_input_comes_back_with_everything_typed()
    {
        var procurementId = await app.CreateProcurementAsync("Targets through the page");
        var page = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.PmKey, $"/procurements/{procurementId}", bypassCsp: true); // axe runs as a script
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new("^Targets for this procurement") }).ClickAsync();
        await page.WaitForURLAsync($"**/procurements/{procurementId}/targets");

        // The grid shows the profile's targets: PA08 is 2 at normal, 4 at high.
        Assert.Equal("2", await page.GetByLabel("Target of PA08 at Normal", new() { Exact = true }).InputValueAsync());
        Assert.Equal("4", await page.GetByLabel("Target of PA08 at High", new() { Exact = true }).InputValueAsync());
        Assert.Equal("Profile: 2", (await Cell(page, "PA08", "normal").Locator(".profile-target").InnerTextAsync()).Trim());

        // PA08 normal changed without a reason, PA03 high to 7, PA01 elevated changed with a reason: refused, all kept.
        await page.GetByLabel("Target of PA08 at Normal", new() { Exact = true }).FillAsync("4");
        await page.GetByLabel("Target of PA03 at High", new() { Exact = true }).FillAsync("7");
        await page.GetByLabel("Target of PA01 at Elevated", new() { Exact = true }).FillAsync("4");
        await page.GetByLabel("Reason for the target of PA01 at Elevated (when changed)").FillAsync("Administration from abroad.");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Save the targets" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, refused!.Status);
        Assert.Contains("Say in one line of 1 to 200 characters", await Cell(page, "PA08", "normal").Locator(".field-error").InnerTextAsync());
        Assert.Contains("whole capability level from 0 to 5", await Cell(page, "PA03", "high").Locator(".field-error").InnerTextAsync());
        Assert.Equal("true", await page.GetByLabel("Reason for the target of PA08 at Normal (when changed)").GetAttributeAsync("aria-invalid"));
        Assert.Equal("4", await page.GetByLabel("Target of PA08 at Normal", new() { Exact = true }).InputValueAsync());
        Assert.Equal("7", await page.GetByLabel("Target of PA03 at High", new() { Exact = true }).InputValueAsync());
        Assert.Equal("4", await page.GetByLabel("Target of PA01 at Elevated", new() { Exact = true }).InputValueAsync());
        Assert.Equal("Administration from abroad.", await page.GetByLabel("Reason for the target of PA01 at Elevated (when changed)").InputValueAsync());
        Assert.Empty((await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/targets"))!["adjustments"]!.AsArray());

        // Corrected: PA08 with a reason, PA03 back to the profile's 3.
        await page.GetByLabel("Reason for the target of PA08 at Normal (when changed)").FillAsync("Payment pages are hosted here.");
        await page.GetByLabel("Target of PA03 at High", new() { Exact = true }).FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the targets" }).ClickAsync();
        await page.WaitForURLAsync($"**/procurements/{procurementId}/targets");
        Assert.Contains("Saved: 2 targets differ from the profile's.", await page.Locator(".notice.ok").InnerTextAsync());
        Assert.Equal("4", await page.GetByLabel("Target of PA08 at Normal", new() { Exact = true }).InputValueAsync());
        Assert.Equal($"1+procurement.{procurementId}", await page.Locator("[data-version-label]").GetAttributeAsync("data-version-label"));

        var targets = (await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/targets"))!;
        Assert.Equal(["PA01 elevated 4 Administration from abroad.", "PA08 normal 4 Payment pages are hosted here."],
            targets["adjustments"]!.AsArray().Select(a => $"{a!["processArea"]} {a["alertLevel"]} {a["target"]} {a["reason"]}"));
        var audit = (await app.ProjectManager.GetFromJsonAsync<JsonArray>($"/api/procurements/{procurementId}/audit"))!;
        Assert.Equal(2, audit.Count(e => (string)e!["action"]! == "target adjusted"));
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(page));
    }

    [Fact]
    public async Task After_the_first_report_the_page_is_read_only_and_says_why()
    {
        var procurementId = await app.CreateProcurementAsync("Targets fixed");
        // A supplier whose first report is out, written straight into storage (the pipeline is tested elsewhere).
        var reported = new Assessment(procurementId, Ids.New(), "Reported Hosting", "sec@reported.example", ShippedData.CurrentTemplate.Key,
            AssessmentState.Reported, "hash", DateTimeOffset.UtcNow.AddDays(30), false, DateTimeOffset.UtcNow, new Answers(), reportVersion: 1);
        await app.Services.GetRequiredService<AssessmentStore>().AddAsync(reported, "pm@buyer.example", CancellationToken.None);

        var page = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.PmKey, $"/procurements/{procurementId}/targets");
        Assert.Contains("These targets are fixed: Reported Hosting already has a report", await page.Locator(".read-only").InnerTextAsync());
        Assert.True(await page.GetByLabel("Target of PA08 at Normal", new() { Exact = true }).IsDisabledAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Save the targets" }).CountAsync());
    }

    [Fact]
    public async Task Pm_adjusts_a_target_while_creating_the_procurement_and_a_missing_reason_comes_back_with_what_was_typed()
    {
        var page = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.PmKey, "/procurements/new");
        await page.GetByLabel("Procurement name").FillAsync("Adjusted at creation");
        await page.Locator("details.adjust-targets summary").ClickAsync();
        var row = page.Locator("fieldset.adjustment[data-row='0']");
        await row.GetByLabel("Process area").SelectOptionAsync("PA08");
        await row.GetByLabel("Alert level").SelectOptionAsync("high");
        await row.GetByLabel("Target for this procurement").FillAsync("5");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Create the procurement" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, refused!.Status);
        row = page.Locator("fieldset.adjustment[data-row='0']");
        Assert.Contains("Say in one line of 1 to 200 characters", await row.Locator("#adjustment-0-reason-error").InnerTextAsync());
        Assert.Equal("Adjusted at creation", await page.GetByLabel("Procurement name").InputValueAsync());
        Assert.Equal("PA08", await row.GetByLabel("Process area").InputValueAsync());
        Assert.Equal("high", await row.GetByLabel("Alert level").InputValueAsync());
        Assert.Equal("5", await row.GetByLabel("Target for this procurement").InputValueAsync());
        Assert.DoesNotContain((await app.ProjectManager.GetFromJsonAsync<JsonArray>("/api/procurements"))!, p => (string)p!["name"]! == "Adjusted at creation");

        await row.GetByLabel("Reason (one line)").FillAsync("Card payments are hosted here.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create the procurement" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/procurements/[^/]+$"));
        var procurementId = new Uri(page.Url).Segments[^1];
        Assert.Contains("Targets for this procurement (1 changed from the profile)", await page.Locator(".targets-link").InnerTextAsync());
        Assert.Contains("Government web hosting v1, targets adjusted for this procurement", await page.Locator("dl.facts").InnerTextAsync());
        var adjusted = (await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/targets"))!["adjustments"]!.AsArray().Single()!;
        Assert.Equal("PA08 high 4 5 Card payments are hosted here.",
            $"{adjusted["processArea"]} {adjusted["alertLevel"]} {adjusted["profileTarget"]} {adjusted["target"]} {adjusted["reason"]}");
    }
}
