using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Questionnaires;

namespace SupplierAssessment.Functions.Tests.Pages;

/// <summary>
/// Issue #9, the expert's day in a real browser on the real pipeline: assigned by email, "my reviews", the declarations
/// behind a cell and their evidence, removing a correction; every role signing out; a supplier's justified "not applicable".
/// </summary>
public class ExpertDayTests(PipelineApp app, Chromium chromium) : IClassFixture<PipelineApp>, IClassFixture<Chromium>
{
    private const string ExpertId = "expert@celar.example";
    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(30);
    private static readonly QuestionnaireTemplate Template = ShippedData.Template("celar-hosting@1")!;

    [Fact]
    public async Task Expert_is_emailed_signs_in_on_my_reviews_opens_the_review_and_reads_the_answers_and_evidence_behind_a_picked_cell()
    {
        var (procurementId, assessmentId) = await ReportedAssessmentAsync("Declared Hosting");
        var assignment = await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"review-assigned:{assessmentId}:{ExpertId}", MailWait);
        Assert.Equal(ExpertId, assignment.To);
        var reviewPath = $"/review/{procurementId}/{assessmentId}";
        Assert.Contains(reviewPath, assignment.Text);

        // Signing in with no page asked for lands the expert on "my reviews".
        var page = await chromium.NewPageAsync(app.BaseAddress);
        await page.GotoAsync("/signin");
        await page.GetByLabel("Your key").FillAsync(PipelineApp.ExpertKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/reviews");
        Assert.Equal("My reviews", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        var row = page.Locator($"#my-reviews tr[data-assessment='{assessmentId}']");
        Assert.Contains("Declared Hosting procurement", await row.InnerTextAsync());
        Assert.Equal("Reported", await row.Locator("td[data-state] .badge").InnerTextAsync());
        Assert.Equal($"/procurements/{procurementId}/assessments/{assessmentId}/reports/1",
            await row.GetByRole(AriaRole.Link, new() { Name = "version 1 – Declared Hosting" }).GetAttributeAsync("href"));
        await row.GetByRole(AriaRole.Link, new() { Name = "Declared Hosting", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**" + reviewPath);
        Assert.Equal("Review of Declared Hosting", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());

        // Picking a cell lists the answers and the evidence behind it.
        await page.Locator("#grid td[data-pa='PA01'][data-cf='2.1'] a").ClickAsync();
        await page.WaitForURLAsync("**cell=PA01/2.1**");
        var behind = page.Locator("#cell-declarations");
        Assert.Equal("1 · " + Template.ScaleLabels[1].En, await behind.Locator("li[data-question='POL-01'] .answer").InnerTextAsync());
        Assert.Equal("There is no written policy", await behind.Locator("li[data-question='POL-02'] .answer").InnerTextAsync());
        Assert.Contains("PA01/2.1", await behind.Locator("li[data-question='POL-02'] .feeds").InnerTextAsync());
        Assert.Contains("PA10/2.1", await behind.Locator("li[data-question='POL-02'] .feeds").InnerTextAsync());
        Assert.Equal(0, await behind.Locator("li[data-question='ORG-04']").CountAsync()); // PA22 only: not behind PA01/2.1
        var file = behind.Locator("li[data-question='POL-09'] .files li");
        Assert.Contains("policy.pdf", await file.InnerTextAsync());
        Assert.Contains("application/pdf", await file.InnerTextAsync());

        var download = await page.RunAndWaitForDownloadAsync(() => file.GetByRole(AriaRole.Link, new() { Name = "policy.pdf" }).ClickAsync());
        Assert.Equal("policy.pdf", download.SuggestedFilename);
        Assert.Equal("%PDF-1.4 test evidence", await File.ReadAllTextAsync((await download.PathAsync())!));

        // Topic by topic, every question is there; today's access rule holds for the download.
        Assert.Equal(Template.Topics.Count, await page.Locator("#declarations details.topic").CountAsync());
        var fileUrl = await file.GetByRole(AriaRole.Link).GetAttributeAsync("href");
        using var otherExpert = PipelineApp.Client(app.BaseAddress, PipelineApp.OtherExpertKey);
        Assert.Equal(HttpStatusCode.NotFound, (await otherExpert.GetAsync(fileUrl)).StatusCode);
    }

    [Fact]
    public async Task The_project_managers_report_page_shows_the_declarations_with_their_evidence()
    {
        var (procurementId, assessmentId) = await ReportedAssessmentAsync("Reported Declarations");
        var page = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.PmKey, $"/procurements/{procurementId}/assessments/{assessmentId}/reports/1");
        var declarations = page.Locator("#declarations");
        foreach (var topic in new[] { "security-policy", "networks" })
        {
            await declarations.Locator($"details[data-topic='{topic}'] > summary").ClickAsync(); // each topic opens on demand
        }
        Assert.Equal("Described in our security plan.", await declarations.Locator("li[data-question='POL-08'] .answer").InnerTextAsync());
        Assert.Contains("policy.pdf", await declarations.Locator("li[data-question='NET-08'] .files").InnerTextAsync());
        Assert.Equal("No file attached.", await declarations.Locator("li[data-question='POL-10'] .answer").InnerTextAsync());
        Assert.Equal("0", await page.Locator("#na-cells").InnerTextAsync());
    }

    [Fact]
    public async Task Expert_removes_a_correction_they_made_the_cell_returns_to_its_declared_rating_and_the_audit_says_so()
    {
        var (procurementId, assessmentId) = await ReportedAssessmentAsync("Second Thoughts Hosting");
        var path = $"/review/{procurementId}/{assessmentId}";
        var page = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.ExpertKey, path + "?cell=PA01/2.1");
        await page.GetByLabel("Rating letter").SelectOptionAsync("F");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Evidence note" }).FillAsync("Signed policy seen.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save correction" }).ClickAsync();
        await page.WaitForURLAsync("**saved=1**");
        Assert.Equal("F", await page.Locator("#grid td[data-pa='PA01'][data-cf='2.1']").GetAttributeAsync("data-letter"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Remove this correction" }).ClickAsync();
        await page.WaitForURLAsync("**removed=1**");
        Assert.Equal("N", await page.Locator("#grid td[data-pa='PA01'][data-cf='2.1']").GetAttributeAsync("data-letter"));
        Assert.Contains("Correction of PA01 2.1 removed", await page.GetByRole(AriaRole.Status).First.InnerTextAsync());
        Assert.Equal(0, await page.Locator("#overrides tr[data-cell='PA01/2.1']").CountAsync());
        var audit = await app.ProjectManager.GetFromJsonAsync<JsonArray>($"/api/procurements/{procurementId}/audit");
        Assert.Contains(audit!, e => (string)e!["action"]! == "correction removed" && ((string?)e["details"])?.StartsWith("PA01/2.1") == true);
        var stored = await app.Expert.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/assessments/{assessmentId}");
        Assert.Empty(stored!["overrides"]!.AsArray());
    }

    [Fact]
    public async Task Signing_out_from_each_roles_pages_ends_the_session_and_signing_in_lands_on_the_roles_home()
    {
        var (procurementId, assessmentId) = await ReportedAssessmentAsync("Signed Out Hosting");
        var pages = new (string Key, string Home, string Path)[]
        {
            (PipelineApp.PmKey, "/procurements", $"/procurements/{procurementId}"),
            (PipelineApp.PmKey, "/procurements", $"/procurements/{procurementId}/assessments/{assessmentId}/reports/1"),
            (PipelineApp.ExpertKey, "/reviews", "/reviews"),
            (PipelineApp.ExpertKey, "/reviews", $"/review/{procurementId}/{assessmentId}?cell=PA01/1.1"),
            (PipelineApp.AdminKey, "/manage", "/manage"),
        };
        foreach (var (key, home, path) in pages)
        {
            var page = await chromium.NewPageAsync(app.BaseAddress);
            await page.GotoAsync("/signin");
            await page.GetByLabel("Your key").FillAsync(key);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == home);
            await page.GotoAsync(path);

            await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
            await page.WaitForURLAsync("**/signin?signedOut=1");
            Assert.Equal("You are signed out.", await page.GetByRole(AriaRole.Status).InnerTextAsync());
            Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).CountAsync());
            var again = await page.GotoAsync(path);
            Assert.Equal(200, again!.Status);
            Assert.True(new Uri(page.Url).AbsolutePath == "/signin", $"after signing out, {path} asks to sign in again (got {page.Url})");
        }
    }

    [Fact]
    public async Task Assigning_an_expert_who_is_not_configured_is_a_400_naming_expertId_and_changes_nothing()
    {
        var procurementId = await app.CreateProcurementAsync("Unknown expert procurement");
        var (assessmentId, _) = await app.InviteAsync(procurementId, "Unknown Expert Hosting", "sec@unknown-expert.example");
        using var refused = await app.ProjectManager.PutAsJsonAsync($"/api/procurements/{procurementId}/assessments/{assessmentId}/reviewer", new { expertId = "bob" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonNode>();
        Assert.Equal("Pick one of the configured security experts.", (string)problem!["errors"]!["expertId"]![0]!);
        var assessment = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/assessments/{assessmentId}");
        Assert.Null(assessment!["assessment"]!["reviewerId"]);
    }

    [Fact]
    public async Task Supplier_answers_not_applicable_with_a_justification_and_its_report_counts_no_point_for_those_cells()
    {
        var procurementId = await app.CreateProcurementAsync("Solo procurement");
        var (assessmentId, token) = await app.InviteAsync(procurementId, "Solo Hosting", "sec@solo.example");
        var supplier = new Answering(app.Anonymous, token);
        Assert.Equal(HttpStatusCode.OK, (await supplier.OpenAsync()).StatusCode);
        string[] subcontracting = ["ORG-04", "ORG-05"];
        using (var saved = await supplier.SaveAsync(supplier.AnswersFor(1, 0, "Described in our security plan.", q => !subcontracting.Contains((string)q["id"]!))))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }
        await supplier.AttachRequiredEvidenceAsync();

        // The page offers "not applicable" only where the template admits it, and asks why.
        var page = await chromium.NewPageAsync(app.BaseAddress, javaScript: false);
        var topic = Template.Questions.Single(q => q.Id == "ORG-04").TopicId;
        await page.GotoAsync($"/q/{token}?topic={topic}");
        Assert.Equal(2, await page.Locator(".question[data-na] input[value=NA]").CountAsync());
        Assert.Equal(0, await page.Locator("#question-ORG-01 input[value=NA]").CountAsync());
        await page.Locator("#question-ORG-04").GetByLabel("Not applicable to us").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        Assert.Contains("needs a justification", await page.Locator("#question-ORG-04 .field-error").InnerTextAsync());
        Assert.True(await page.Locator("#question-ORG-04").GetByLabel("Not applicable to us").IsCheckedAsync()); // kept as sent

        const string Why = "We run every site and network ourselves: no subcontractor touches the service.";
        foreach (var id in subcontracting)
        {
            await page.Locator($"#question-{id}").GetByLabel("Not applicable to us").CheckAsync();
            await page.Locator($"#question-{id}").GetByLabel("If not applicable: why does this not apply to you?").FillAsync(Why);
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        Assert.Equal(0, await page.Locator(".field-error").CountAsync());
        Assert.Equal(Why, await page.Locator("#question-ORG-05").GetByLabel("If not applicable: why does this not apply to you?").InputValueAsync());

        Assert.Equal(HttpStatusCode.OK, (await supplier.OpenAsync()).StatusCode);
        Assert.Equal(Why, (string)supplier.Questionnaire["answers"]!["ORG-04"]!["notApplicable"]!);
        using (var submitted = await supplier.SubmitAsync())
        {
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        }
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v1", MailWait);

        // PA22 (Coordinate with Suppliers) is rated by ORG-04 and ORG-05 alone: all 12 cells are N/A, no point either way.
        var report = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/assessments/{assessmentId}/reports/1?format=json");
        var notApplicable = report!["notApplicable"]!.AsArray().Select(c => (string)c!).ToArray();
        Assert.Equal(12, notApplicable.Length);
        Assert.All(notApplicable, c => Assert.StartsWith("PA22/", c));
        Assert.Null(report["ratings"]!["PA22"]);
        Assert.DoesNotContain("PA22/", string.Join(' ', report["notCovered"]!.AsArray().Select(c => (string)c!)));
        foreach (var variant in report["gap"]!["variants"]!.AsArray())
        {
            var pa22 = variant!["processAreas"]![21]!;
            Assert.Equal("PA22", (string)pa22["id"]!);
            Assert.Empty(pa22["missing"]!.AsArray());
            Assert.Empty(pa22["exceeding"]!.AsArray());
        }
        Assert.Equal(5, (int)report["gap"]!["achievedLevels"]!["PA22"]!);
        Assert.DoesNotContain(report["actionPlan"]!["items"]!.AsArray(), i => (string)i!["processArea"]! == "PA22");

        var pm = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.PmKey, $"/procurements/{procurementId}/assessments/{assessmentId}/reports/1");
        Assert.Equal("12", await pm.Locator("#na-cells").InnerTextAsync());
        await pm.Locator($"#declarations details[data-topic='{topic}'] > summary").ClickAsync();
        Assert.Equal(Why, await pm.Locator("#declarations li[data-question='ORG-04'] .justification").InnerTextAsync());
    }

    [Fact]
    public async Task Removing_a_correction_through_the_API_is_for_the_expert_who_made_it_and_is_audited()
    {
        var (procurementId, assessmentId) = await ReportedAssessmentAsync("Api Removal Hosting");
        var assessment = $"/api/procurements/{procurementId}/assessments/{assessmentId}";
        using (var corrected = await app.Expert.PutAsJsonAsync($"{assessment}/overrides", new { processArea = "PA01", commonFeature = "1.1", rating = "F", note = "Seen on site." }))
        {
            Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        }
        // Reassigned to another expert, who may review but not take back a correction they did not make.
        using (var reassigned = await app.ProjectManager.PutAsJsonAsync($"{assessment}/reviewer", new { expertId = "other-expert@celar.example" }))
        {
            Assert.Equal(HttpStatusCode.OK, reassigned.StatusCode);
        }
        using var otherExpert = PipelineApp.Client(app.BaseAddress, PipelineApp.OtherExpertKey);
        using (var refused = await otherExpert.DeleteAsync($"{assessment}/overrides/PA01/1.1"))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("only they can remove it", (string)(await refused.Content.ReadFromJsonAsync<JsonNode>())!["title"]!);
        }
        using (var back = await app.ProjectManager.PutAsJsonAsync($"{assessment}/reviewer", new { expertId = ExpertId }))
        {
            Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        }
        using (var removed = await app.Expert.DeleteAsync($"{assessment}/overrides/PA01/1.1"))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        }
        using (var again = await app.Expert.DeleteAsync($"{assessment}/overrides/PA01/1.1"))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }
        var stored = await app.Expert.GetFromJsonAsync<JsonNode>(assessment);
        Assert.Empty(stored!["overrides"]!.AsArray());
        var audit = await app.ProjectManager.GetFromJsonAsync<JsonArray>($"/api/procurements/{procurementId}/audit");
        Assert.Single(audit!, e => (string)e!["action"]! == "correction removed" && (string?)e["actor"] == ExpertId);
        // The other expert was told of their assignment, by email, once.
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"review-assigned:{assessmentId}:other-expert@celar.example", MailWait);
    }

    [Fact]
    public async Task My_reviews_and_the_not_applicable_choice_have_no_serious_accessibility_violation_and_autosave_keeps_the_justified_claim()
    {
        var (_, assessmentId) = await ReportedAssessmentAsync("Accessible Reviews Hosting");
        var reviews = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.ExpertKey, "/reviews", bypassCsp: true);
        Assert.Equal(1, await reviews.Locator($"#my-reviews tr[data-assessment='{assessmentId}']").CountAsync());
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(reviews));

        var procurementId = await app.CreateProcurementAsync("Accessible N/A procurement");
        var (_, token) = await app.InviteAsync(procurementId, "Accessible NA Hosting", "sec@accessible-na.example");
        var supplier = await chromium.NewPageAsync(app.BaseAddress, bypassCsp: true);
        await supplier.GotoAsync($"/q/{token}?topic=organization");
        await supplier.Locator("#question-ORG-04").GetByLabel("Not applicable to us").CheckAsync();
        // Autosave sends the claim without a justification: the refusal comes back next to the question.
        await Microsoft.Playwright.Assertions.Expect(supplier.Locator("#question-ORG-04 .field-error")).ToContainTextAsync("needs a justification");
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(supplier));
        await supplier.Locator("#question-ORG-04").GetByLabel("If not applicable: why does this not apply to you?").FillAsync("No subcontractors.");
        await supplier.Locator("#question-ORG-04").GetByLabel("If not applicable: why does this not apply to you?").BlurAsync();
        await Microsoft.Playwright.Assertions.Expect(supplier.Locator("#question-ORG-04 .field-error")).ToHaveCountAsync(0);
        await Microsoft.Playwright.Assertions.Expect(supplier.Locator("#save-status")).ToContainTextAsync("saved at");
        var saved = new Answering(app.Anonymous, token);
        Assert.Equal(HttpStatusCode.OK, (await saved.OpenAsync()).StatusCode);
        Assert.Equal("No subcontractors.", (string)saved.Questionnaire["answers"]!["ORG-04"]!["notApplicable"]!); // the script saved the justified claim
    }

    // ---- steps ----

    private Task<(string ProcurementId, string AssessmentId)> ReportedAssessmentAsync(string supplierName) => app.ReportedAndAssignedAsync(supplierName, ExpertId);
}
