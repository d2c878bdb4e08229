using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Questionnaires;
using static Microsoft.Playwright.Assertions;

namespace SupplierAssessment.Functions.Tests.Pages;

/// <summary>
/// Issue 12's failing inputs on the supplier's questionnaire, each with its right value: nothing typed is lost, and
/// every refusal is a clear message where the user is (the page again for a browser, problem+json for the API).
/// Real browser (headless Chromium, with JavaScript off where the issue says so), real Azurite.
/// </summary>
public class NothingTypedIsLostTests(PipelineApp app, Chromium chromium) : IClassFixture<PipelineApp>, IClassFixture<Chromium>
{
    private static readonly QuestionnaireTemplate Template = ShippedData.Template("celar-hosting@1")!;
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4 test evidence");
    private static readonly LocatorAssertionsToContainTextOptions Patient = new() { Timeout = 15_000 };

    /// <summary>80 lines of 49 characters, each ending in a line break: 4000 characters as the browser counts them.</summary>
    private static readonly string EightyLines = string.Concat(Enumerable.Range(0, 80).Select(i => new string((char)('a' + i % 26), 49) + "\n"));

    [Fact]
    public async Task Without_javascript_upload_saves_the_answers_ticked_beside_it_with_the_file()
    {
        var (procurementId, assessmentId, token) = await InviteAsync("Hosting Upload Keeps");
        var page = await chromium.NewPageAsync(app.BaseAddress, javaScript: false);
        await page.GotoAsync($"/q/{token}?topic=security-policy");
        await Radio(page, "POL-01", Template.ScaleLabels[2].En).CheckAsync();
        await Radio(page, "POL-03", Template.ScaleLabels[4].En).CheckAsync();
        await page.GetByLabel(Question("POL-08").Text.En).FillAsync("Typed, then a file uploaded.");
        var box = page.Locator("#question-POL-09");
        await box.GetByLabel("File to attach").SetInputFilesAsync(new FilePayload { Name = "policy.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await box.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();

        await Expect(page.Locator("#save-status")).ToContainTextAsync("policy.pdf attached, answers saved at", Patient);
        await Expect(page.Locator("#question-POL-09 .files")).ToContainTextAsync("policy.pdf");
        Assert.True(await Radio(page, "POL-01", Template.ScaleLabels[2].En).IsCheckedAsync());
        Assert.True(await Radio(page, "POL-03", Template.ScaleLabels[4].En).IsCheckedAsync());
        Assert.Equal("Typed, then a file uploaded.", await page.Locator("#q-POL-08").InputValueAsync());

        var stored = await StoredAsync(procurementId, assessmentId);
        Assert.Equal(new ScaleAnswer(2), stored.Answers.ByQuestion["POL-01"]);
        Assert.Equal(new ScaleAnswer(4), stored.Answers.ByQuestion["POL-03"]);
        Assert.Equal(new TextAnswer("Typed, then a file uploaded."), stored.Answers.ByQuestion["POL-08"]);
        Assert.Equal(1, stored.EvidenceCount("POL-09"));
    }

    [Fact]
    public async Task Without_javascript_80_lines_of_49_characters_are_4000_characters_and_are_saved_with_the_other_answers()
    {
        var (procurementId, assessmentId, token) = await InviteAsync("Hosting Eighty Lines");
        var page = await chromium.NewPageAsync(app.BaseAddress, javaScript: false);
        await page.GotoAsync($"/q/{token}?topic=security-policy");
        await Radio(page, "POL-01", Template.ScaleLabels[3].En).CheckAsync();
        var text = page.GetByLabel(Question("POL-08").Text.En);
        await text.FillAsync(EightyLines);
        Assert.Equal(4000, (await text.InputValueAsync()).Length); // as the browser counts it against maxlength="4000"
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

        await Expect(page.Locator("#save-status")).ToContainTextAsync("Saved at", Patient);
        Assert.Equal(0, await page.Locator(".field-error").CountAsync());
        var stored = await StoredAsync(procurementId, assessmentId);
        var saved = Assert.IsType<TextAnswer>(stored.Answers.ByQuestion["POL-08"]).Text;
        Assert.Equal(4000, saved.Length);
        Assert.Equal(EightyLines, saved);
        Assert.Equal(new ScaleAnswer(3), stored.Answers.ByQuestion["POL-01"]);
    }

    [Fact]
    public async Task A_page_post_with_one_bad_answer_saves_the_valid_ones_and_shows_the_bad_one_as_typed_with_its_message()
    {
        var (procurementId, assessmentId, token) = await InviteAsync("Hosting Partial Save");
        var page = await chromium.NewPageAsync(app.BaseAddress, javaScript: false);
        await page.GotoAsync($"/q/{token}?topic=security-policy");
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", (await page.Locator("#answers input[name=__RequestVerificationToken]").GetAttributeAsync("value"))!);
        form.Set("etag", (await page.Locator("#answers input[name=etag]").GetAttributeAsync("value"))!);
        form.Set("topic", "security-policy");
        form.Set("POL-01", "3");
        form.Set("POL-03", "9");
        var tooLong = EightyLines.Replace("\n", "\r\n") + "y"; // 4001 as the browser counts
        form.Set("POL-08", tooLong);
        var response = await page.Context.APIRequest.PostAsync($"/q/{token}?handler=Save", new() { Form = form });

        Assert.Equal(400, response.Status);
        Assert.StartsWith("text/html", response.Headers["content-type"]);
        var html = await response.TextAsync();
        Assert.Contains("The other answers and files were saved at", html);
        Assert.Contains("9 is out of range: choose from 0 to 5.", html);
        Assert.Contains("The answer is 4001 characters long; at most 4000 are accepted.", html);
        Assert.Contains("aria-describedby=\"q-POL-03-error\"", html);
        var field = System.Text.RegularExpressions.Regex.Match(html, "<textarea id=\"q-POL-08\"[^>]*>(.*?)</textarea>", System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.Equal(tooLong.Replace("\r\n", "\n"), WebUtility.HtmlDecode(field.Groups[1].Value)); // the bad text is still in its field

        var stored = await StoredAsync(procurementId, assessmentId);
        Assert.Equal(new ScaleAnswer(3), stored.Answers.ByQuestion["POL-01"]);
        Assert.False(stored.Answers.ByQuestion.ContainsKey("POL-03"));
        Assert.False(stored.Answers.ByQuestion.ContainsKey("POL-08"));
    }

    [Fact]
    public async Task The_api_counts_crlf_as_one_character_and_keeps_all_or_nothing_with_a_400_naming_the_bad_answer()
    {
        var (_, _, token) = await InviteAsync("Hosting Api Text");
        var api = new Answering(app.Anonymous, token);
        (await api.OpenAsync()).Dispose();
        using (var saved = await api.SaveAsync(new Dictionary<string, object> { ["POL-08"] = EightyLines.Replace("\n", "\r\n") }))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }
        using (var refused = await api.SaveAsync(new Dictionary<string, object> { ["POL-01"] = 3, ["POL-08"] = EightyLines + "y" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = (await refused.Content.ReadFromJsonAsync<JsonNode>())!;
            Assert.Equal("The answer is 4001 characters long; at most 4000 are accepted.", (string)problem["errors"]!["POL-08"]![0]!);
            Assert.Null(problem["errors"]!["POL-01"]);
        }
        (await api.OpenAsync()).Dispose();
        Assert.Equal(4000, ((string)api.Questionnaire["answers"]!["POL-08"]!).Length);
        Assert.Null(api.Questionnaire["answers"]!["POL-01"]); // all or nothing: the valid one of the refused save is not kept
    }

    [Fact]
    public async Task Without_javascript_a_file_over_10_MB_shows_the_page_again_with_the_message_beside_it_and_the_answers_saved()
    {
        var (procurementId, assessmentId, token) = await InviteAsync("Hosting Big File");
        var page = await chromium.NewPageAsync(app.BaseAddress, javaScript: false);
        await page.GotoAsync($"/q/{token}?topic=security-policy");
        await Radio(page, "POL-01", Template.ScaleLabels[2].En).CheckAsync();
        await page.GetByLabel(Question("POL-08").Text.En).FillAsync("Typed before a file too large.");
        var box = page.Locator("#question-POL-09");
        var big = new byte[10 * 1024 * 1024 + 1];
        Pdf.CopyTo(big, 0);
        await box.GetByLabel("File to attach").SetInputFilesAsync(new FilePayload { Name = "scan.pdf", MimeType = "application/pdf", Buffer = big });
        var response = await page.RunAndWaitForResponseAsync(() => box.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(400, response!.Status);
        Assert.StartsWith("text/html", response.Headers["content-type"]);
        Assert.Equal(Template.Title.En, await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        await Expect(page.Locator("#question-POL-09 .field-error")).ToHaveTextAsync("The file is larger than the 10 MB accepted.");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The other answers and files were saved at");
        Assert.True(await Radio(page, "POL-01", Template.ScaleLabels[2].En).IsCheckedAsync());
        Assert.Equal("Typed before a file too large.", await page.Locator("#q-POL-08").InputValueAsync());

        var stored = await StoredAsync(procurementId, assessmentId);
        Assert.Equal(new TextAnswer("Typed before a file too large."), stored.Answers.ByQuestion["POL-08"]);
        Assert.Equal(0, stored.EvidenceCount("POL-09"));
        Assert.Equal(0, await BlobCountAsync(procurementId, assessmentId));
    }

    [Fact]
    public async Task Without_javascript_a_stale_upload_keeps_what_was_typed_stores_no_file_and_the_next_save_wins_knowingly()
    {
        var (procurementId, assessmentId, token) = await InviteAsync("Hosting Stale Keeps");
        var page = await chromium.NewPageAsync(app.BaseAddress, javaScript: false);
        await page.GotoAsync($"/q/{token}?topic=security-policy");

        var api = new Answering(app.Anonymous, token); // another tab saves after this page was opened
        (await api.OpenAsync()).Dispose();
        (await api.SaveAsync(new Dictionary<string, object> { ["POL-01"] = 5, ["POL-08"] = "Saved from the other tab." })).Dispose();

        await Radio(page, "POL-03", Template.ScaleLabels[2].En).CheckAsync();
        await page.GetByLabel(Question("POL-08").Text.En).FillAsync("Typed in this tab.");
        var box = page.Locator("#question-POL-09");
        await box.GetByLabel("File to attach").SetInputFilesAsync(new FilePayload { Name = "policy.pdf", MimeType = "application/pdf", Buffer = Pdf });
        var response = await page.RunAndWaitForResponseAsync(() => box.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(409, response!.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The questionnaire was changed elsewhere since you opened it. Nothing was saved or attached: your answers are kept below");
        Assert.True(await Radio(page, "POL-03", Template.ScaleLabels[2].En).IsCheckedAsync());
        Assert.Equal("Typed in this tab.", await page.Locator("#q-POL-08").InputValueAsync());
        await Expect(page.Locator("#question-POL-08 .field-error")).ToHaveTextAsync("Saved elsewhere meanwhile as “Saved from the other tab.”. Your answer is kept here: save to keep it.");
        Assert.True(await Radio(page, "POL-01", Template.ScaleLabels[5].En).IsCheckedAsync()); // not typed here: the latest saved answer
        Assert.Equal(0, await BlobCountAsync(procurementId, assessmentId));
        var untouched = await StoredAsync(procurementId, assessmentId);
        Assert.Equal(new TextAnswer("Saved from the other tab."), untouched.Answers.ByQuestion["POL-08"]);

        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.Locator("#save-status")).ToContainTextAsync("Saved at", Patient);
        var stored = await StoredAsync(procurementId, assessmentId);
        Assert.Equal(new TextAnswer("Typed in this tab."), stored.Answers.ByQuestion["POL-08"]);
        Assert.Equal(new ScaleAnswer(2), stored.Answers.ByQuestion["POL-03"]);
        Assert.Equal(new ScaleAnswer(5), stored.Answers.ByQuestion["POL-01"]);
    }

    [Fact]
    public async Task Without_javascript_an_expired_form_shows_the_page_again_with_what_was_typed_and_saves_nothing_until_sent_again()
    {
        var (procurementId, assessmentId, token) = await InviteAsync("Hosting Expired Form");
        var page = await chromium.NewPageAsync(app.BaseAddress, javaScript: false);
        await page.GotoAsync($"/q/{token}?topic=security-policy");
        await Radio(page, "POL-01", Template.ScaleLabels[4].En).CheckAsync();
        await page.GetByLabel(Question("POL-08").Text.En).FillAsync("Typed before the session expired.");
        await page.Context.ClearCookiesAsync(); // the browser's session (and its anti-forgery cookie) is gone
        var response = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync(), r => r.Request.Method == "POST");

        Assert.Equal(400, response!.Status);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("This form had expired, so nothing was saved, attached or sent. What you typed is kept below");
        Assert.True(await Radio(page, "POL-01", Template.ScaleLabels[4].En).IsCheckedAsync());
        Assert.Equal("Typed before the session expired.", await page.Locator("#q-POL-08").InputValueAsync());
        Assert.Equal(0, (await StoredAsync(procurementId, assessmentId)).Answers.Count);

        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.Locator("#save-status")).ToContainTextAsync("Saved at", Patient);
        var stored = await StoredAsync(procurementId, assessmentId);
        Assert.Equal(new TextAnswer("Typed before the session expired."), stored.Answers.ByQuestion["POL-08"]);
        Assert.Equal(new ScaleAnswer(4), stored.Answers.ByQuestion["POL-01"]);

        // A post from another site is no expired form: the plain page, and nothing shown back or saved.
        using var crossSite = new HttpRequestMessage(HttpMethod.Post, $"/q/{token}?handler=Save")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["topic"] = "security-policy", ["POL-08"] = "Forged." }),
        };
        crossSite.Headers.Add("Accept", "text/html");
        crossSite.Headers.Add("Origin", "https://attacker.example");
        using var forged = await app.Anonymous.SendAsync(crossSite);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.DoesNotContain("Forged.", await forged.Content.ReadAsStringAsync());
        Assert.Equal(new TextAnswer("Typed before the session expired."), (await StoredAsync(procurementId, assessmentId)).Answers.ByQuestion["POL-08"]);
    }

    [Fact]
    public async Task A_conflict_in_a_second_tab_stays_in_view_and_stops_typing_until_the_supplier_reloads_or_compares()
    {
        var (procurementId, assessmentId, token) = await InviteAsync("Hosting Two Tabs");
        var page = await chromium.NewPageAsync(app.BaseAddress);
        await page.GotoAsync($"/q/{token}?topic=security-policy");
        var other = await page.Context.NewPageAsync();
        await other.GotoAsync($"/q/{token}?topic=security-policy");
        await other.Locator("#q-POL-08").FillAsync("From the other tab.");
        await Expect(other.Locator("#save-status")).ToContainTextAsync("All changes saved at", Patient);

        // This tab, scrolled down to the bottom of the topic, answers into a version that is no longer the latest.
        await page.Locator("#q-POL-08").FillAsync("From this tab.");
        await page.EvaluateAsync("() => window.scrollTo(0, document.body.scrollHeight)");
        var status = page.Locator("#save-status");
        await Expect(status).ToContainTextAsync("The questionnaire was changed elsewhere since you opened it", Patient);
        await page.EvaluateAsync("() => window.scrollTo(0, document.body.scrollHeight)");
        await Expect(status).ToBeInViewportAsync();
        await Expect(page.Locator("#q-POL-08")).ToBeDisabledAsync();
        await Expect(Radio(page, "POL-01", Template.ScaleLabels[1].En)).ToBeDisabledAsync();
        await Expect(page.Locator("#question-POL-09").GetByRole(AriaRole.Button, new() { Name = "Upload" })).ToBeDisabledAsync();
        await Expect(status.GetByRole(AriaRole.Button, new() { Name = "Reload the page" })).ToBeVisibleAsync();
        Assert.Equal(new TextAnswer("From the other tab."), (await StoredAsync(procurementId, assessmentId)).Answers.ByQuestion["POL-08"]);

        // Compare: the server shows this tab's answer kept beside what the other tab saved; saving then keeps it.
        await status.GetByRole(AriaRole.Button, new() { Name = "Compare my answers with the saved ones" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("your answers are kept below", Patient);
        Assert.Equal("From this tab.", await page.Locator("#q-POL-08").InputValueAsync());
        await Expect(page.Locator("#question-POL-08 .field-error")).ToContainTextAsync("Saved elsewhere meanwhile as “From the other tab.”");
        await Expect(page.Locator("#q-POL-08")).ToBeEnabledAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.Locator("#save-status")).ToContainTextAsync("Saved at", Patient);
        Assert.Equal(new TextAnswer("From this tab."), (await StoredAsync(procurementId, assessmentId)).Answers.ByQuestion["POL-08"]);
    }

    [Fact]
    public async Task Twenty_eight_uploads_with_long_accented_names_attach_20_refuse_the_rest_with_a_409_stating_the_bound_and_leave_no_orphan()
    {
        var (procurementId, assessmentId, token) = await InviteAsync("Hosting Many Files");
        var api = new Answering(app.Anonymous, token);
        (await api.OpenAsync()).Dispose();
        var statuses = new List<HttpStatusCode>();
        for (var i = 1; i <= 28; i++)
        {
            var name = $"{i:D2} Procédure de sécurité — périmètre été " + new string('é', 200);
            name = name[..196] + ".pdf"; // 200 characters, the longest name accepted
            using var uploaded = await api.UploadAsync("POL-09", name, Pdf);
            statuses.Add(uploaded.StatusCode);
            if (i > 20)
            {
                Assert.Equal("application/problem+json", uploaded.Content.Headers.ContentType?.MediaType);
                var problem = (await uploaded.Content.ReadFromJsonAsync<JsonNode>())!;
                Assert.Contains("already has 20 evidence files", (string)problem["title"]!);
            }
        }
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Created, 20).Concat(Enumerable.Repeat(HttpStatusCode.Conflict, 8)), statuses);
        Assert.Equal(20, await BlobCountAsync(procurementId, assessmentId));
        var stored = await StoredAsync(procurementId, assessmentId);
        Assert.Equal(20, stored.EvidenceCount("POL-09"));

        // Not stuck: the other evidence question and the answers still save.
        (await api.OpenAsync()).Dispose();
        using (var other = await api.UploadAsync("POL-10", "network.pdf", Pdf))
        {
            Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        }
        using (var saved = await api.SaveAsync(new Dictionary<string, object> { ["POL-01"] = 3 }))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }
        Assert.Equal(21, await BlobCountAsync(procurementId, assessmentId));
    }

    [Fact]
    public async Task An_expired_form_on_the_profile_editor_and_the_new_procurement_page_comes_back_with_what_was_typed_and_saves_nothing()
    {
        var admin = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.AdminKey, "/manage/profiles/new?from=government-web-hosting&version=1", javaScript: false);
        await admin.GetByLabel("Profile name").FillAsync("Typed before expiry");
        await admin.GetByLabel("Profile id").FillAsync("typed-before-expiry");
        await admin.GetByLabel("Target of PA05 at High").FillAsync("4");
        await admin.Context.ClearCookiesAsync(new() { NameRegex = new System.Text.RegularExpressions.Regex("Antiforgery") }); // still signed in
        var refused = await admin.RunAndWaitForResponseAsync(() => admin.GetByRole(AriaRole.Button, new() { Name = "Save the profile" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        await Expect(admin.GetByRole(AriaRole.Alert)).ToContainTextAsync("This form had expired, so nothing was saved. What you typed is kept below: send it again.");
        Assert.Equal("Typed before expiry", await admin.GetByLabel("Profile name").InputValueAsync());
        Assert.Equal("typed-before-expiry", await admin.GetByLabel("Profile id").InputValueAsync());
        Assert.Equal("4", await admin.GetByLabel("Target of PA05 at High").InputValueAsync());
        var profiles = app.Services.GetRequiredService<ProfileStore>();
        Assert.Null(await profiles.FindAsync("typed-before-expiry", 1));
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save the profile" }).ClickAsync();
        await admin.WaitForURLAsync("**/manage?saved=typed-before-expiry&version=1*");
        Assert.Equal(4, (await profiles.FindAsync("typed-before-expiry", 1))!.Profile.Target("high", Domain.Grid.ProcessAreaId.Parse("PA05")));

        var pm = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.PmKey, "/procurements/new", javaScript: false);
        await pm.GetByLabel("Procurement name").FillAsync("Typed before the token expired");
        await pm.Context.ClearCookiesAsync(new() { NameRegex = new System.Text.RegularExpressions.Regex("Antiforgery") });
        await pm.GetByRole(AriaRole.Button, new() { Name = "Create the procurement" }).ClickAsync();
        await Expect(pm.GetByRole(AriaRole.Alert)).ToContainTextAsync("This form had expired, so nothing was created.");
        Assert.Equal("Typed before the token expired", await pm.GetByLabel("Procurement name").InputValueAsync());
        await pm.GetByRole(AriaRole.Button, new() { Name = "Create the procurement" }).ClickAsync();
        await pm.WaitForURLAsync(url => !url.EndsWith("/new", StringComparison.Ordinal));
        await Expect(pm.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Typed before the token expired");
    }

    // ---- steps ----

    private async Task<(string ProcurementId, string AssessmentId, string Token)> InviteAsync(string supplier)
    {
        var procurementId = await app.CreateProcurementAsync();
        var (assessmentId, token) = await app.InviteAsync(procurementId, supplier, $"{Guid.NewGuid():N}@supplier.example");
        return (procurementId, assessmentId, token);
    }

    private async Task<Domain.Assessments.Assessment> StoredAsync(string procurementId, string assessmentId) =>
        (await app.Services.GetRequiredService<AssessmentStore>().FindAsync(procurementId, assessmentId))!.Assessment;

    /// <summary>The evidence blobs stored for the assessment, attached or not.</summary>
    private async Task<int> BlobCountAsync(string procurementId, string assessmentId)
    {
        var count = 0;
        await foreach (var _ in app.Services.GetRequiredService<StorageAccount>().Evidence.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{procurementId}/{assessmentId}/", CancellationToken.None))
        {
            count++;
        }
        return count;
    }

    private static Question Question(string id) => Template.TryGetQuestion(id, out var question) ? question : throw new ArgumentException(id);

    /// <summary>The radio button labelled <paramref name="label"/> in the group of question <paramref name="questionId"/>.</summary>
    private static ILocator Radio(IPage page, string questionId, string label) =>
        page.GetByRole(AriaRole.Group, new() { Name = Question(questionId).Text.En }).GetByLabel(label, new() { Exact = true });
}
