using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Gap;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Questionnaires;

namespace SupplierAssessment.Functions.Tests.Pages;

/// <summary>
/// The administrator makes profiles from existing ones and edits them into new versions, in a real browser on the real
/// pipeline; a project manager then measures a supplier against such a profile.
/// </summary>
public class AdminProfilesTests(PipelineApp app, Chromium chromium) : IClassFixture<PipelineApp>, IClassFixture<Chromium>
{
    private static readonly ConfidenceProfile Government = ShippedData.Profile("government-web-hosting");
    private static readonly ProcessAreaId PA05 = ProcessAreaId.Parse("PA05");
    private static readonly Regex EditLink = new(@"^Edit \(saves version \d+\)");

    private ProfileStore Profiles => app.Services.GetRequiredService<ProfileStore>();

    [Fact]
    public async Task Admin_derives_a_strict_profile_and_a_supplier_is_measured_against_its_raised_target()
    {
        // The admin starts from the shipped government profile and raises PA05 at the normal alert level from 2 to 4.
        var admin = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.AdminKey, "/manage");
        var shipped = Section(admin, "government-web-hosting", 1);
        await shipped.GetByRole(AriaRole.Link, new() { Name = "Create a profile from this one" }).ClickAsync();
        await admin.WaitForURLAsync("**/manage/profiles/new?from=government-web-hosting&version=1");
        Assert.Equal("New profile from Government web hosting v1", await admin.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        Assert.Equal(22, await admin.Locator("table.profile-targets tbody tr").CountAsync());
        Assert.Equal(["Process area", "Normal", "Elevated", "High", "Rationale (one line)"], await admin.Locator("table.profile-targets thead th").AllInnerTextsAsync());
        Assert.Contains("Assess Vulnerability", await admin.Locator("tr[data-pa=PA05] th").InnerTextAsync());
        Assert.Equal("2", await admin.GetByLabel("Target of PA05 at Normal").InputValueAsync());
        Assert.Equal(Government.Rationale[PA05].En, await admin.GetByLabel("Rationale of PA05").InputValueAsync());

        await admin.GetByLabel("Profile name").FillAsync("Government web hosting (strict)");
        await admin.GetByLabel("Profile id").FillAsync("government-web-hosting-strict");
        await admin.GetByLabel("Target of PA05 at Normal").FillAsync("4");
        await admin.GetByLabel("Rationale of PA05").FillAsync("Vulnerabilities are assessed by a measured process even in normal times.");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save the profile" }).ClickAsync();
        // 4 at normal, 3 at elevated and high: a target falling as the alert rises is saved once confirmed (issue 12).
        Assert.Contains("PA05: the target falls from 4 (Normal) to 3 (Elevated) as the alert rises.", await admin.Locator("#falling-warning").InnerTextAsync());
        await admin.GetByLabel("I confirm these targets").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save the profile" }).ClickAsync();

        // The admin page lists it with its version, and offers to edit it into version 2.
        await admin.WaitForURLAsync("**/manage?saved=government-web-hosting-strict&version=1*");
        Assert.Contains("Profile Government web hosting (strict) version 1 is saved", await admin.GetByRole(AriaRole.Status).InnerTextAsync());
        var strict = Section(admin, "government-web-hosting-strict", 1);
        Assert.Contains("Government web hosting (strict)", await strict.Locator("h3").InnerTextAsync());
        Assert.Equal("1", await strict.Locator("dl.facts div").Filter(new() { HasText = "Version" }).Locator("dd").InnerTextAsync());
        Assert.Equal(["4", "3", "3"], await strict.Locator("tr[data-pa=PA05] td[data-alert-level]").AllInnerTextsAsync());
        Assert.Equal("Vulnerabilities are assessed by a measured process even in normal times.", await strict.Locator("tr[data-pa=PA05] td.rationale").InnerTextAsync());
        Assert.Equal(Government.Rationale[ProcessAreaId.Parse("PA08")].En, await strict.Locator("tr[data-pa=PA08] td.rationale").InnerTextAsync());
        Assert.Equal("/manage/profiles/government-web-hosting-strict/edit",
            await strict.GetByRole(AriaRole.Link, new() { Name = "Edit (saves version 2)" }).GetAttributeAsync("href"));
        Assert.Equal(0, await shipped.GetByRole(AriaRole.Link, new() { NameRegex = EditLink }).CountAsync());

        // A project manager creates a procurement with it on the New procurement page.
        var pm = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.PmKey, "/procurements/new");
        var strictTargets = pm.Locator("details.targets[data-profile=government-web-hosting-strict]");
        await pm.GetByRole(AriaRole.Radio, new() { Name = "Government web hosting (strict)" }).CheckAsync();
        Assert.Equal(["4", "3", "3"], await strictTargets.Locator("tbody tr").Filter(new() { HasText = "PA05" }).Locator("td.num").AllInnerTextsAsync());
        await pm.GetByLabel("Procurement name").FillAsync("Strict portal hosting");
        await pm.GetByRole(AriaRole.Button, new() { Name = "Create the procurement" }).ClickAsync();
        await pm.WaitForURLAsync(url => new Uri(url).AbsolutePath.StartsWith("/procurements/", StringComparison.Ordinal) && !url.EndsWith("/new", StringComparison.Ordinal));
        var procurementId = new Uri(pm.Url).Segments[^1];
        Assert.Contains("Government web hosting (strict) v1", await pm.Locator("dl.facts").InnerTextAsync());
        var procurement = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}");
        Assert.Equal("government-web-hosting-strict", (string)procurement!["profile"]!["id"]!);
        Assert.Equal("normal", (string)procurement["activeAlertLevel"]!);

        // A supplier answers weakly (every scale at 1, every first option) and submits; the report follows.
        var (assessmentId, token) = await app.InviteAsync(procurementId, "Strictly Hosted", "sec@strictly.example");
        var supplier = new Answering(app.Anonymous, token);
        Assert.Equal(HttpStatusCode.OK, (await supplier.OpenAsync()).StatusCode);
        var answers = supplier.AnswersFor(1, 0, "Described in our security plan.");
        using (var saved = await supplier.SaveAsync(answers))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }
        await supplier.AttachRequiredEvidenceAsync();
        using (var submitted = await supplier.SubmitAsync())
        {
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        }
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v1", TimeSpan.FromSeconds(30));

        // The same answers, computed by the domain under the shipped profile and under the raised target.
        var template = ShippedData.Template((string)supplier.Questionnaire["templateKey"]!)!;
        var ratings = Scoring.Rate(template, DomainAnswers(template, answers));
        var underShipped = GapAnalysis.Compute(ratings, Government);
        var underStrict = GapAnalysis.Compute(ratings, Government.WithTarget("normal", PA05, 4));
        var unachievedAbove2 = CommonFeature.All.Count(cf => cf.Level is 3 or 4 && !ratings.IsAchieved(new Cell(PA05, cf)));
        Assert.True(unachievedAbove2 > 0, "the weak supplier misses cells of PA05 at levels 3-4");
        Assert.Equal(underShipped.Variant("normal").MissingPoints + unachievedAbove2, underStrict.Variant("normal").MissingPoints);

        var report = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/assessments/{assessmentId}/reports/1?format=json");
        var missing = report!["gap"]!["variants"]!.AsArray().ToDictionary(v => (string)v!["alertLevel"]!, v => (int)v!["missingPoints"]!);
        Assert.Equal(underStrict.Variant("normal").MissingPoints, missing["normal"]);
        Assert.Equal(underShipped.Variant("elevated").MissingPoints, missing["elevated"]);
        Assert.Equal(underShipped.Variant("high").MissingPoints, missing["high"]);
        var pa05 = report["gap"]!["variants"]![0]!["processAreas"]!.AsArray().Single(p => (string)p!["id"]! == "PA05")!;
        Assert.Equal(4, (int)pa05["target"]!);
        var ranking = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/ranking");
        Assert.Equal(underStrict.Variant("normal").MissingPoints, (int)ranking!["bidders"]![0]!["missingPoints"]!);
    }

    [Fact]
    public async Task Bad_input_is_told_next_to_each_field_and_saves_nothing_and_the_form_works_without_javascript()
    {
        var before = (await Profiles.ListAsync()).Count;
        var page = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.AdminKey, "/manage/profiles/new?from=government-web-hosting&version=1", javaScript: false);

        await page.GetByLabel("Profile id").FillAsync("government-web-hosting");
        await page.GetByLabel("Target of PA03 at High").FillAsync("7");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the profile" }).ClickAsync();

        Assert.EndsWith("/manage/profiles/new?from=government-web-hosting&version=1", page.Url);
        Assert.Contains("The profile was not saved. Correct the fields marked below.", await page.GetByRole(AriaRole.Alert).InnerTextAsync());
        Assert.Equal("Give the profile a name of 1 to 100 characters.", await page.Locator("#name-error").InnerTextAsync());
        Assert.Equal("'government-web-hosting' is the id of a profile shipped with the product: choose another id.", await page.Locator("#id-error").InnerTextAsync());
        Assert.Equal("The target of PA03 at High is a whole level from 0 to 5.", await page.Locator("#target-PA03-2-error").InnerTextAsync());
        var target = page.GetByLabel("Target of PA03 at High");
        Assert.Equal("true", await target.GetAttributeAsync("aria-invalid"));
        Assert.Equal("target-PA03-2-error", await target.GetAttributeAsync("aria-describedby"));
        Assert.Equal("7", await target.InputValueAsync()); // what was typed stays, to be corrected
        Assert.Equal("government-web-hosting", await page.GetByLabel("Profile id").InputValueAsync());
        Assert.Null(await page.GetByLabel("Target of PA03 at Normal").GetAttributeAsync("aria-invalid"));
        Assert.Equal(3, await page.Locator(".field-error").CountAsync());
        Assert.Equal("#target-PA03-2", await page.GetByRole(AriaRole.Alert).GetByRole(AriaRole.Link, new() { Name = "The target of PA03 at High" }).GetAttributeAsync("href"));
        Assert.Equal(before, (await Profiles.ListAsync()).Count);

        // Corrected, the same form saves — still without JavaScript.
        await page.GetByLabel("Profile name").FillAsync("Hosting, no script");
        await page.GetByLabel("Profile id").FillAsync("hosting-no-script");
        await page.GetByLabel("Target of PA03 at High").FillAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the profile" }).ClickAsync();
        await page.WaitForURLAsync("**/manage?saved=hosting-no-script&version=1*");
        var saved = await Profiles.FindAsync("hosting-no-script", 1);
        Assert.Equal(5, saved!.Profile.Target("high", ProcessAreaId.Parse("PA03")));
        Assert.Equal("admin@buyer.example", saved.SavedBy);
        Assert.Equal(before + 1, (await Profiles.ListAsync()).Count);

        // The same id again is refused, in French too.
        await page.GotoAsync("/manage/profiles/new?from=government-web-hosting&version=1&lang=fr");
        await page.GetByLabel("Nom du profil").FillAsync("Encore");
        await page.GetByLabel("Identifiant du profil").FillAsync("hosting-no-script");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le profil" }).ClickAsync();
        Assert.StartsWith("Un profil personnalisé «\u202Fhosting-no-script\u202F» existe déjà", await page.Locator("#id-error").InnerTextAsync());
        Assert.Equal(before + 1, (await Profiles.ListAsync()).Count);
    }

    [Fact]
    public async Task Targets_falling_from_3_at_normal_to_1_at_high_are_a_warning_the_admin_must_confirm_before_anything_is_saved()
    {
        var page = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.AdminKey, "/manage/profiles/new?from=government-web-hosting&version=1", javaScript: false);
        await page.GetByLabel("Profile name").FillAsync("Relaxed when it matters");
        await page.GetByLabel("Profile id").FillAsync("relaxed-when-high");
        await page.GetByLabel("Target of PA05 at Normal").FillAsync("3");
        await page.GetByLabel("Target of PA05 at Elevated").FillAsync("3");
        await page.GetByLabel("Target of PA05 at High").FillAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the profile" }).ClickAsync();

        var warning = page.Locator("#falling-warning");
        Assert.Contains("Not saved yet: these targets fall as the alert level rises", await warning.InnerTextAsync());
        Assert.Equal(["PA05: the target falls from 3 (Elevated) to 1 (High) as the alert rises."], await warning.Locator("li").AllInnerTextsAsync());
        Assert.Equal("#target-PA05-2", await warning.GetByRole(AriaRole.Link).GetAttributeAsync("href"));
        Assert.Equal("1", await page.GetByLabel("Target of PA05 at High").InputValueAsync()); // what was typed stays
        Assert.Equal("relaxed-when-high", await page.GetByLabel("Profile id").InputValueAsync());
        Assert.Equal("Relaxed when it matters", await page.GetByLabel("Profile name").InputValueAsync());
        Assert.Null(await Profiles.FindAsync("relaxed-when-high", 1));

        // Sent again without the box ticked: still nothing saved. Ticked: saved as typed.
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the profile" }).ClickAsync();
        Assert.Equal(1, await page.Locator("#falling-warning").CountAsync());
        Assert.Null(await Profiles.FindAsync("relaxed-when-high", 1));
        await page.GetByLabel("I confirm these targets").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the profile" }).ClickAsync();
        await page.WaitForURLAsync("**/manage?saved=relaxed-when-high&version=1*");
        var saved = (await Profiles.FindAsync("relaxed-when-high", 1))!.Profile;
        Assert.Equal([3, 3, 1], saved.AlertLevels.Select(level => saved.Target(level, PA05)));
    }

    [Fact]
    public async Task Admin_edits_a_custom_profile_into_its_next_version_and_the_first_version_stays()
    {
        var v1 = CustomProfiles.Derive(Government, ProfileDraft.Of(Government, "en", "edited-hosting", "Edited hosting"), []).Profile!;
        await Profiles.AddAsync(v1, "admin@buyer.example", DateTimeOffset.UtcNow);

        var page = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.AdminKey, "/manage");
        await Section(page, "edited-hosting", 1).GetByRole(AriaRole.Link, new() { Name = "Edit (saves version 2)" }).ClickAsync();
        await page.WaitForURLAsync("**/manage/profiles/edited-hosting/edit");
        Assert.Equal("Edit Edited hosting (saves version 2)", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        Assert.Equal(0, await page.GetByLabel("Profile id").CountAsync()); // the id of a saved profile is not changed
        Assert.Equal("Edited hosting", await page.GetByLabel("Profile name").InputValueAsync());
        await page.GetByLabel("Target of PA08 at High").FillAsync("5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save version 2" }).ClickAsync();

        await page.WaitForURLAsync("**/manage?saved=edited-hosting&version=2*");
        Assert.Equal("4", await Section(page, "edited-hosting", 1).Locator("tr[data-pa=PA08] td[data-alert-level=high]").InnerTextAsync());
        Assert.Equal("5", await Section(page, "edited-hosting", 2).Locator("tr[data-pa=PA08] td[data-alert-level=high]").InnerTextAsync());
        Assert.Equal(0, await Section(page, "edited-hosting", 1).GetByRole(AriaRole.Link, new() { NameRegex = EditLink }).CountAsync());
        Assert.Equal(1, await Section(page, "edited-hosting", 2).GetByRole(AriaRole.Link, new() { Name = "Edit (saves version 3)" }).CountAsync());
        Assert.Equal(4, (await Profiles.FindAsync("edited-hosting", 1))!.Profile.Target("high", ProcessAreaId.Parse("PA08")));

        // A form opened on version 1 and sent after version 2 was saved does not overwrite it.
        await page.GotoAsync("/manage/profiles/edited-hosting/edit");
        await page.Locator("input[name=baseVersion]").EvaluateAsync("e => e.value = '1'");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save version 3" }).ClickAsync();
        Assert.Contains("Version 2 of this profile was saved by someone else while you were editing", await page.GetByRole(AriaRole.Alert).InnerTextAsync());
        Assert.Null(await Profiles.FindAsync("edited-hosting", 3));

        // New procurements are offered the newest version only.
        var pm = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.PmKey, "/procurements/new");
        Assert.Contains("v2", await pm.Locator("label[for='profile-edited-hosting']").InnerTextAsync());
        using var created = await app.ProjectManager.PostAsJsonAsync("/api/procurements", new { name = "Edited", profileId = "edited-hosting" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(2, (int)(await created.Content.ReadFromJsonAsync<JsonNode>())!["profile"]!["version"]!);
    }

    [Fact]
    public async Task A_project_manager_is_refused_the_profile_forms_and_an_unknown_profile_is_not_found()
    {
        foreach (var path in new[] { "/manage/profiles/new?from=government-web-hosting&version=1", "/manage/profiles/anything/edit" })
        {
            using var asManager = await app.ProjectManager.GetAsync(path);
            Assert.Equal(HttpStatusCode.Forbidden, asManager.StatusCode);
            using var asNobody = await app.Anonymous.GetAsync(path);
            Assert.Equal("/signin", asNobody.RequestMessage!.RequestUri!.AbsolutePath);
        }
        var before = (await Profiles.ListAsync()).Count;
        using var post = await app.ProjectManager.PostAsync("/manage/profiles/new?from=government-web-hosting&version=1",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Sneaky", ["id"] = "sneaky-profile" }));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(before, (await Profiles.ListAsync()).Count);

        var pm = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.PmKey, "/procurements");
        var response = await pm.GotoAsync("/manage/profiles/new?from=government-web-hosting&version=1");
        Assert.Equal(403, response!.Status);

        var admin = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.AdminKey, "/manage");
        foreach (var path in new[] { "/manage/profiles/new?from=no-such-profile", "/manage/profiles/new?from=government-web-hosting&version=9", "/manage/profiles/government-web-hosting/edit" })
        {
            var missing = await admin.GotoAsync(path);
            Assert.Equal(404, missing!.Status);
            Assert.Equal("Profile not found", await admin.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        }
        using var unknown = await app.ProjectManager.PostAsJsonAsync("/api/procurements", new { name = "Unknown", profileId = "no-such-profile" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.NotNull((await unknown.Content.ReadFromJsonAsync<JsonNode>())!["errors"]!["profileId"]);
    }

    [Fact]
    public async Task Profile_form_and_admin_page_have_no_serious_accessibility_violation_and_fit_a_phone()
    {
        var v1 = CustomProfiles.Derive(Government, ProfileDraft.Of(Government, "en", "accessible-hosting", "Accessible hosting"), []).Profile!;
        await Profiles.AddAsync(v1, "admin@buyer.example", DateTimeOffset.UtcNow);
        var page = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.AdminKey, "/manage/profiles/new?from=government-web-hosting&version=1", bypassCsp: true);
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(page));

        await page.GetByLabel("Target of PA01 at Elevated").FillAsync("9");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the profile" }).ClickAsync(); // the form with its messages
        Assert.Equal(3, await page.Locator(".field-error").CountAsync());
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(page));
        if (Environment.GetEnvironmentVariable("SHOTS") is { } shots) { await page.ScreenshotAsync(new() { Path = shots + "/profile-form.png", FullPage = true }); }

        await page.GotoAsync("/manage/profiles/accessible-hosting/edit");
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(page));
        await page.GotoAsync("/manage#profile-accessible-hosting-v1");
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(page));
        if (Environment.GetEnvironmentVariable("SHOTS") is { } shots1) { await page.ScreenshotAsync(new() { Path = shots1 + "/manage-custom-profile.png" }); }

        await page.SetViewportSizeAsync(375, 800);
        await page.GotoAsync("/manage/profiles/new?from=government-web-hosting&version=1&lang=fr");
        Assert.Equal("Nouveau profil à partir de Hébergement de sites web gouvernementaux v1", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        var tooWide = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                    && !e.closest('.table-wrap')).map(e => e.tagName + '#' + e.id + '.' + e.className).slice(0, 5)
            """);
        Assert.True(tooWide.Length == 0, "on a phone only the table scrolls sideways, inside its .table-wrap: " + string.Join(", ", tooWide));
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page itself does not scroll sideways");
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(page));
        if (Environment.GetEnvironmentVariable("SHOTS") is { } shots2) { await page.ScreenshotAsync(new() { Path = shots2 + "/profile-form-phone.png" }); }
    }

    // ---- steps ----

    /// <summary>The admin page's section of one profile version.</summary>
    private static ILocator Section(IPage admin, string profileId, int version) =>
        admin.Locator($"section[data-profile='{profileId}'][data-version='{version}']");

    /// <summary>A supplier's answers as the questionnaire API took them (scale level, option id, text), as domain answers.</summary>
    private static Answers DomainAnswers(QuestionnaireTemplate template, Dictionary<string, object> answers) =>
        new(template.Questions.Where(q => answers.ContainsKey(q.Id)).Select(q => KeyValuePair.Create(q.Id, q.Kind switch
        {
            QuestionKind.Scale => (Answer)new ScaleAnswer(Convert.ToInt32(answers[q.Id], CultureInfo.InvariantCulture)),
            QuestionKind.Choice => new ChoiceAnswer((string)answers[q.Id]),
            _ => new TextAnswer((string)answers[q.Id]),
        })));
}
