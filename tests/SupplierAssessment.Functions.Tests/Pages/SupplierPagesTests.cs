using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Questionnaires;
using static Microsoft.Playwright.Assertions;

namespace SupplierAssessment.Functions.Tests.Pages;

/// <summary>The supplier's pages in a real browser: answering topic by topic, autosave, no-JavaScript forms, submit, receipt.</summary>
public class SupplierPagesTests(PipelineApp app, Chromium chromium) : IClassFixture<PipelineApp>, IClassFixture<Chromium>
{
    private const string Script = "<script>alert(1)</script>";
    private const string Image = "\"><img src=x onerror=alert(1)>";
    private const string EvidenceName = "<img src=x onerror=alert(1)>.pdf"; // browsers escape a quote in a file name
    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4 test evidence");
    private static readonly QuestionnaireTemplate Template = ShippedData.Template("celar-hosting@1")!;
    private static readonly LocatorAssertionsToContainTextOptions Patient = new() { Timeout = 15_000 };

    [Fact]
    public async Task Supplier_answers_every_topic_over_two_sittings_submits_and_the_project_manager_gets_the_report()
    {
        var (assessmentId, token) = await InviteAsync("Hosting First");
        var page = await chromium.NewPageAsync(app.BaseAddress);
        await page.GotoAsync($"/q/{token}");
        Assert.Equal(Template.Title.En, await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        await Expect(page.Locator(".q-supplier")).ToHaveTextAsync("Hosting First");
        await Expect(page.Locator("#overall-progress-text")).ToContainTextAsync($"0 of {RequiredCount} required questions answered");

        await AnswerTopicAsync(page, Template.Topics[0], text: "Scope: all hosting sites, ISO 27001 certified.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();
        await Expect(page.Locator("#topic-title")).ToContainTextAsync(Template.Topics[1].Title.En, Patient);
        await AnswerTopicAsync(page, Template.Topics[1]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.Locator("#save-status")).ToContainTextAsync("Saved at", Patient);

        // A second sitting: the answers are where the supplier left them.
        await page.ReloadAsync();
        Assert.True(await Radio(page, "ORG-01", Template.ScaleLabels[3].En).IsCheckedAsync());
        await page.GotoAsync($"/q/{token}?topic={Template.Topics[0].Id}");
        Assert.True(await Radio(page, "POL-01", Template.ScaleLabels[3].En).IsCheckedAsync());
        Assert.Equal("Scope: all hosting sites, ISO 27001 certified.", await page.Locator("#q-POL-08").InputValueAsync());
        await Expect(page.Locator("#question-POL-09 .files")).ToContainTextAsync("policy.pdf");
        await Expect(page.Locator(".q-topics li[data-topic='security-policy']")).ToHaveClassAsync("complete");

        // Opening the link again lands on the first unfinished topic; then every remaining topic, in order.
        await page.GotoAsync($"/q/{token}");
        await Expect(page.Locator("#topic-title")).ToContainTextAsync(Template.Topics[2].Title.En);
        foreach (var topic in Template.Topics.Skip(2))
        {
            await Expect(page.Locator("#topic-title")).ToContainTextAsync(topic.Title.En, Patient);
            await AnswerTopicAsync(page, topic);
            await page.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();
        }
        await Expect(page.Locator("#submit-title")).ToContainTextAsync("Review and submit", Patient);
        await Expect(page.Locator("#overall-progress-text")).ToContainTextAsync($"{RequiredCount} of {RequiredCount} required questions answered");
        await Expect(page.Locator(".q-submit")).ToContainTextAsync("Submitting is final: you will not be able to change your answers.");
        await page.GetByLabel("I confirm").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();

        await page.WaitForURLAsync($"**/q/{token}/receipt");
        var receipt = await page.Locator("main").InnerTextAsync();
        Assert.Contains("Submitted on", receipt);
        Assert.Contains("Scope: all hosting sites, ISO 27001 certified.", receipt);
        Assert.Contains(Template.ScaleLabels[3].En, receipt);
        Assert.Contains("network.pdf", receipt);
        Assert.Contains(Template.Topics[8].Title.En, receipt);

        // Submitted: the questionnaire link now shows the receipt, and the pipeline reports to the project manager.
        await page.GotoAsync($"/q/{token}");
        Assert.EndsWith("/receipt", page.Url);
        var report = await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v1", TimeSpan.FromSeconds(60));
        Assert.Equal("pm@buyer.example", report.To);
    }

    [Fact]
    public async Task Autosave_keeps_each_change_and_a_save_from_another_tab_makes_this_one_stale()
    {
        var (_, token) = await InviteAsync("Hosting Autosave");
        var page = await chromium.NewPageAsync(app.BaseAddress);
        await page.GotoAsync($"/q/{token}?topic=security-policy");
        await Radio(page, "POL-01", Template.ScaleLabels[2].En).CheckAsync();
        await Expect(page.Locator("#save-status")).ToContainTextAsync("All changes saved at", Patient);
        await Expect(page.Locator("#answered-count")).ToHaveTextAsync("1");
        await Expect(page.Locator(".q-topics li[data-topic='security-policy'] .t-answered")).ToHaveTextAsync("1");
        Assert.True(await page.Locator("#overall-progress").EvaluateAsync<int>("p => p.value") > 0);

        await page.ReloadAsync();
        Assert.True(await Radio(page, "POL-01", Template.ScaleLabels[2].En).IsCheckedAsync());
        await page.Locator("#q-POL-08").FillAsync("Typed, then autosaved.");
        await Expect(page.Locator("#save-status")).ToContainTextAsync("All changes saved at", Patient);

        // Another tab of the same supplier saves first: this tab's next autosave must not win.
        var other = await page.Context.NewPageAsync();
        await other.GotoAsync($"/q/{token}?topic=security-policy");
        Assert.Equal("Typed, then autosaved.", await other.Locator("#q-POL-08").InputValueAsync());
        await Radio(other, "POL-02", Template.Topics[0].Questions[1].Options[2].Label.En).CheckAsync();
        await Expect(other.Locator("#save-status")).ToContainTextAsync("All changes saved at", Patient);

        await Radio(page, "POL-03", Template.ScaleLabels[4].En).CheckAsync();
        await Expect(page.Locator("#save-status")).ToContainTextAsync("The questionnaire was changed elsewhere since you opened it", Patient);

        var api = new Answering(app.Anonymous, token);
        (await api.OpenAsync()).Dispose();
        Assert.False(api.Questionnaire["answers"]!.AsObject().ContainsKey("POL-03"));
        Assert.Equal(2, (int)api.Questionnaire["answers"]!["POL-01"]!);
        Assert.Equal(Template.Topics[0].Questions[1].Options[2].Id, (string)api.Questionnaire["answers"]!["POL-02"]!);
    }

    [Fact]
    public async Task Without_javascript_the_forms_save_validate_refuse_stale_answers_and_list_what_is_missing()
    {
        var (_, token) = await InviteAsync("Hosting NoScript");
        var page = await chromium.NewPageAsync(app.BaseAddress, javaScript: false);
        await page.GotoAsync($"/q/{token}");
        await Expect(page.Locator("#topic-title")).ToContainTextAsync("Security policy");
        await Radio(page, "POL-01", Template.ScaleLabels[1].En).CheckAsync();
        await page.GetByLabel(Template.Topics[0].Questions[7].Text.En).FillAsync("Written without scripts.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.Locator("#save-status")).ToContainTextAsync("Saved at");
        await page.ReloadAsync();
        Assert.True(await Radio(page, "POL-01", Template.ScaleLabels[1].En).IsCheckedAsync());
        Assert.Equal("Written without scripts.", await page.Locator("#q-POL-08").InputValueAsync());

        // The server validates like the API: a crafted post (valid anti-forgery token) saves nothing.
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", (await page.Locator("#answers input[name=__RequestVerificationToken]").GetAttributeAsync("value"))!);
        form.Set("etag", (await page.Locator("#answers input[name=etag]").GetAttributeAsync("value"))!);
        form.Set("topic", "security-policy");
        form.Set("POL-01", "9");
        form.Set("POL-08", new string('x', 4001));
        var invalid = await page.Context.APIRequest.PostAsync($"/q/{token}?handler=Save", new() { Form = form });
        var html = await invalid.TextAsync();
        Assert.Contains("Nothing was saved: the answers or files marked below are not valid.", html);
        Assert.Contains("9 is out of range: choose from 0 to 5.", html);
        Assert.Contains("at most 4000 are accepted", html);
        Assert.Contains("aria-describedby=\"q-POL-01-error\"", html);
        await page.ReloadAsync();
        Assert.True(await Radio(page, "POL-01", Template.ScaleLabels[1].En).IsCheckedAsync());

        // Someone saves elsewhere after this page was opened: the page's save is refused, nothing is saved, what was
        // typed stays in the form and the answer saved elsewhere is shown beside it (issue 12).
        var api = new Answering(app.Anonymous, token);
        (await api.OpenAsync()).Dispose();
        (await api.SaveAsync(new Dictionary<string, object> { ["POL-01"] = 5 })).Dispose();
        await Radio(page, "POL-03", Template.ScaleLabels[2].En).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The questionnaire was changed elsewhere since you opened it");
        Assert.True(await Radio(page, "POL-01", Template.ScaleLabels[1].En).IsCheckedAsync());
        await Expect(page.Locator("#question-POL-01 .field-error")).ToContainTextAsync($"Saved elsewhere meanwhile as “{Template.ScaleLabels[5].En}”");
        Assert.True(await Radio(page, "POL-03", Template.ScaleLabels[2].En).IsCheckedAsync());
        (await api.OpenAsync()).Dispose();
        Assert.Equal(5, (int)api.Questionnaire["answers"]!["POL-01"]!);
        Assert.False(api.Questionnaire["answers"]!.AsObject().ContainsKey("POL-03"));

        // Review and submit lists the topics still missing required answers, with links to them; no submit yet.
        await page.GetByRole(AriaRole.Link, new() { Name = "Review and submit" }).First.ClickAsync();
        var missing = page.Locator(".missing");
        await Expect(missing).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\b1 required question without an answer|\b([02-9]|\d\d+) required questions without an answer"));
        Assert.Equal(Template.Topics.Count, await missing.Locator(":scope > li").CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).CountAsync());
        await missing.GetByRole(AriaRole.Link, new() { Name = "Networks" }).ClickAsync();
        await Expect(page.Locator("#topic-title")).ToContainTextAsync("Networks");
    }

    [Fact]
    public async Task What_a_supplier_types_is_shown_as_text_on_the_receipt_and_in_the_report_email()
    {
        var (assessmentId, token) = await InviteAsync("Hosting Markup");
        var api = new Answering(app.Anonymous, token);
        (await api.OpenAsync()).Dispose();
        (await api.SaveAsync(api.AnswersFor(3, 2, "", q => (string)q["kind"]! != "text"))).Dispose();
        await api.AttachRequiredEvidenceAsync();

        var page = await chromium.NewPageAsync(app.BaseAddress, bypassCsp: true); // no CSP safety net: only encoding protects
        var dialogs = new List<string>();
        page.Dialog += (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        var payload = $"{Script} {Image}";
        foreach (var topic in Template.Topics.Where(t => t.Questions.Any(q => q.Kind == QuestionKind.Text)))
        {
            await page.GotoAsync($"/q/{token}?topic={topic.Id}");
            foreach (var question in topic.Questions.Where(q => q.Kind == QuestionKind.Text))
            {
                await page.GetByLabel(question.Text.En).FillAsync(payload);
            }
            await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
            await Expect(page.Locator("#save-status")).ToContainTextAsync("Saved at", Patient);
            Assert.Equal(payload, await page.Locator("textarea").First.InputValueAsync());
        }
        await page.GotoAsync($"/q/{token}?topic=security-policy");
        await UploadAsync(page, "POL-10", EvidenceName);

        await page.GotoAsync($"/q/{token}?step=submit");
        await page.GetByLabel("I confirm").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await page.WaitForURLAsync($"**/q/{token}/receipt");
        var receipt = await page.Locator("main").InnerTextAsync();
        Assert.Equal(Template.Questions.Count(q => q.Kind == QuestionKind.Text), CountOf(receipt, payload));
        Assert.Contains(EvidenceName, receipt);
        Assert.Equal(0, await page.Locator("main img, main script").CountAsync());
        Assert.Empty(dialogs);

        var report = await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v1", TimeSpan.FromSeconds(60));
        Assert.DoesNotContain("<script>alert(1)", report.Html);
        Assert.DoesNotContain("<img src=x", report.Html);
    }

    [Fact]
    public async Task Questionnaire_submit_step_and_receipt_have_no_serious_accessibility_violation()
    {
        var (_, token) = await InviteAsync("Hosting Access");
        var page = await chromium.NewPageAsync(app.BaseAddress, bypassCsp: true);
        await page.GotoAsync($"/q/{token}?topic=security-policy");
        foreach (var kind in Enum.GetValues<QuestionKind>())
        {
            Assert.True(await page.Locator($".question[data-kind='{kind.ToString().ToLowerInvariant()}']").CountAsync() > 0, $"the topic has a {kind} question");
        }
        await page.Locator("#question-POL-01 details summary").ClickAsync();
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(page));

        await page.GotoAsync($"/q/{token}?step=submit");
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(page));

        var api = new Answering(app.Anonymous, token);
        (await api.OpenAsync()).Dispose();
        (await api.SaveAsync(api.AnswersFor(4, 3, "An answer for the expert."))).Dispose();
        await api.AttachRequiredEvidenceAsync();
        await page.GotoAsync($"/q/{token}?step=submit");
        await Expect(page.GetByLabel("I confirm")).ToBeVisibleAsync();
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(page));

        await page.GetByLabel("I confirm").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await page.WaitForURLAsync($"**/q/{token}/receipt");
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(page));
    }

    [Fact]
    public async Task A_wrong_or_tampered_link_gets_the_same_plain_404_page_and_the_receipt_waits_for_submission()
    {
        var (_, token) = await InviteAsync("Hosting Secret Name");
        var page = await chromium.NewPageAsync(app.BaseAddress);
        var tampered = token[..^2] + (token[^2..] == "AA" ? "BB" : "AA");
        foreach (var path in new[] { "/q/not-a-token", $"/q/{tampered}", $"/q/{tampered}/receipt", "/q/a.b.c" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(404, response!.Status);
            Assert.Equal("This questionnaire link is not valid.", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
            Assert.DoesNotContain("Hosting Secret Name", await page.ContentAsync());
        }

        await page.GotoAsync($"/q/{token}/receipt");
        Assert.EndsWith($"/q/{token}", page.Url);
        await page.GotoAsync($"/q/{token}?lang=fr");
        Assert.Equal("Questionnaire de sécurité des hébergeurs", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        // No word agrees with the count (French: 0 and 1 are singular, and the script changes the count as answers come).
        await Expect(page.Locator("#overall-progress-text")).ToContainTextAsync("Questions obligatoires avec réponse\u202F: 0 sur " + RequiredCount);
    }

    // ---- steps ----

    private static int RequiredCount => Template.Questions.Count(q => q.Required);

    private async Task<(string AssessmentId, string Token)> InviteAsync(string supplier)
    {
        var procurementId = await app.CreateProcurementAsync();
        return await app.InviteAsync(procurementId, supplier, $"{Guid.NewGuid():N}@supplier.example");
    }

    /// <summary>The radio button labelled <paramref name="label"/> in the group of question <paramref name="questionId"/>.</summary>
    private static ILocator Radio(IPage page, string questionId, string label)
    {
        Assert.True(Template.TryGetQuestion(questionId, out var question));
        return page.GetByRole(AriaRole.Group, new() { Name = question.Text.En }).GetByLabel(label, new() { Exact = true });
    }

    /// <summary>Answers a topic as a supplier would: level 3 on scales, the third option, some text, the required files.</summary>
    private static async Task AnswerTopicAsync(IPage page, Topic topic, string text = "Described for the expert.")
    {
        foreach (var question in topic.Questions)
        {
            switch (question.Kind)
            {
                case QuestionKind.Scale:
                    await Radio(page, question.Id, Template.ScaleLabels[3].En).CheckAsync();
                    break;
                case QuestionKind.Choice:
                    await Radio(page, question.Id, question.Options[Math.Min(2, question.Options.Count - 1)].Label.En).CheckAsync();
                    break;
                case QuestionKind.Text:
                    await page.GetByLabel(question.Text.En).FillAsync(text);
                    break;
                case QuestionKind.Evidence when question.Required:
                    await UploadAsync(page, question.Id, question.Id == "NET-08" ? "network.pdf" : "policy.pdf");
                    break;
            }
        }
    }

    private static async Task UploadAsync(IPage page, string questionId, string fileName)
    {
        var box = page.Locator($"#question-{questionId}");
        await box.GetByLabel("File to attach").SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = "application/pdf", Buffer = Pdf });
        await box.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await Expect(page.Locator($"#question-{questionId} .files")).ToContainTextAsync(fileName, Patient);
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
