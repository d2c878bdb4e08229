using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Playwright;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Questionnaires;
using SupplierAssessment.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace SupplierAssessment.Functions.Tests.Pages;

/// <summary>
/// The README's screenshots, taken from the real app on Azurite: a supplier part-way through its questionnaire, the
/// project manager's report, the expert's review with a corrected cell, the expert's "my reviews" and a picked cell with
/// the answers and evidence behind it. Always written to a temporary folder; copied
/// to docs/screenshots/ only with UPDATE_DOCS=1. The committed pictures must exist, so a missing one fails the suite.
/// </summary>
public class ScreenshotTests(PipelineApp app, Chromium chromium) : IClassFixture<PipelineApp>, IClassFixture<Chromium>
{
    private const string ProcurementName = "Ministry web portal hosting 2027";
    private const string SupplierName = "Northwind Hosting";
    private const string ExpertId = "expert@celar.example";
    private const int Width = 1280;
    private const int MaxHeight = 1600;
    private const int MaxBytes = 400 * 1024;
    private static readonly string[] Pictures = ["supplier-questionnaire.png", "report.png", "expert-review.png", "my-reviews.png", "review-cell-answers.png"];

    /// <summary>The smallest size of a real picture: "my reviews" is a short page, mostly white.</summary>
    private static int MinBytes(string name) => name == "my-reviews.png" ? 8_000 : 20_000;
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly QuestionnaireTemplate Template = ShippedData.Template("celar-hosting@1")!;
    private static readonly LocatorAssertionsToContainTextOptions Patient = new() { Timeout = 15_000 };

    /// <summary>How strong Northwind is on each topic (a scale level; choices follow it): good policy, weak audit.</summary>
    private static readonly Dictionary<string, int> LevelByTopic = new()
    {
        ["security-policy"] = 4, ["organization"] = 3, ["procedures"] = 3, ["physical-security"] = 4, ["networks"] = 3,
        ["backup"] = 2, ["security-survey"] = 2, ["security-configuration"] = 3, ["audit"] = 1,
    };

    private static readonly Dictionary<string, string> Texts = new()
    {
        ["POL-08"] = "ISO/IEC 27001:2022 certified since 2021. The scope covers both data centres, the network operations centre and the 24/7 support team.",
        ["ORG-08"] = "38 people in operations over two shifts; a named CISO with a deputy and a security team of four reporting to the managing director.",
        ["PRO-07"] = "Incident handling, change, access management, backup and restore, patching and on-call escalation, each with an owner and a review date.",
        ["PHY-06"] = "Two Tier III colocation sites in Lyon and Marseille, 310 km apart; our equipment is in locked cages shared with no other customer.",
        ["NET-07"] = "Two Internet carriers on separate paths, redundant firewalls, one DMZ per customer; administration only through an MFA bastion.",
        ["BAK-07"] = "Nightly incremental and weekly full backups, encrypted and replicated to the second site, kept 35 days; a monthly immutable copy for a year.",
        ["SUR-08"] = "CERT-FR advisories, vendor bulletins and the oss-security list, read every working day by the on-duty security engineer.",
        ["CFG-08"] = "Only the four members of the platform team change firewall rules and hardening settings, through approved change requests.",
        ["AUD-10"] = "A credential-stuffing attempt on a customer's portal in 2025: detected within 20 minutes, accounts locked, customer told the same day.",
        ["AUD-11"] = "The security team chooses the logged events; an analyst reads the SIEM alerts daily and opens an incident for anything unexplained.",
    };

    [Fact]
    public async Task Readme_screenshots_show_the_questionnaire_the_report_the_review_my_reviews_and_a_cell_with_its_answers()
    {
        var folder = Directory.CreateTempSubdirectory("supplier-assessment-screenshots-").FullName;
        var procurementId = await app.CreateProcurementAsync(ProcurementName);
        var (assessmentId, token) = await app.InviteAsync(procurementId, SupplierName, "security@northwind-hosting.example");

        // 1. Part-way: four topics done through the API, Networks half done, one more answer given in the browser.
        var supplier = new Answering(app.Anonymous, token);
        using (var opened = await supplier.OpenAsync())
        {
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        }
        var doneTopics = Template.Topics.Take(4).ToArray();
        var networks = Template.Topics[4];
        var partial = networks.Questions.Where(q => q.Id is "NET-01" or "NET-02" or "NET-07").ToArray();
        await SaveAsync(supplier, doneTopics.SelectMany(t => t.Questions).Concat(partial));
        await UploadAsync(supplier, "POL-09", "information-security-policy-v4.pdf");
        await UploadAsync(supplier, "ORG-09", "security-organisation-chart.pdf");

        var questionnaire = await chromium.NewPageAsync(app.BaseAddress);
        await questionnaire.GotoAsync($"/q/{token}?topic={networks.Id}");
        var net03 = networks.Questions.Single(q => q.Id == "NET-03");
        await questionnaire.GetByRole(AriaRole.Group, new() { Name = net03.Text.En })
            .GetByLabel(Template.ScaleLabels[LevelOf(net03)].En, new() { Exact = true }).CheckAsync();
        await Expect(questionnaire.Locator("#save-status")).ToContainTextAsync("All changes saved at", Patient);
        var answered = doneTopics.SelectMany(t => t.Questions).Count(q => q.Required) + partial.Append(net03).Count(q => q.Required);
        var required = Template.Questions.Count(q => q.Required);
        Assert.True(answered < required);
        await Expect(questionnaire.Locator("#overall-progress-text")).ToContainTextAsync($"{answered} of {required} required questions answered", Patient);
        await Expect(questionnaire.Locator(".q-supplier")).ToHaveTextAsync(SupplierName);
        await Expect(questionnaire.Locator("#topic-title")).ToContainTextAsync("Networks");
        await Expect(questionnaire.Locator(".q-topics li.complete")).ToHaveCountAsync(doneTopics.Length);
        Assert.Equal(Texts["NET-07"], await questionnaire.Locator("#q-NET-07").InputValueAsync());
        await ShootAsync(questionnaire, folder, "supplier-questionnaire.png");

        // 2. The supplier finishes and submits; the project manager reads report version 1.
        using (var reopened = await supplier.OpenAsync()) // the browser saved since: take its ETag
        {
            Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
        }
        await SaveAsync(supplier, Template.Questions);
        await UploadAsync(supplier, "NET-08", "network-architecture-2027.pdf");
        await UploadAsync(supplier, "BAK-08", "restore-test-report-q1.pdf");
        using (var submitted = await supplier.SubmitAsync())
        {
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        }
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v1", TimeSpan.FromSeconds(60));

        var report = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.PmKey, $"/procurements/{procurementId}/assessments/{assessmentId}/reports/1");
        await report.SetViewportSizeAsync(Width, MaxHeight); // as in the picture: the report frame is 80 % of the window, tall enough for the grid
        var heading = await report.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync();
        Assert.StartsWith(SupplierName, heading);
        Assert.Contains("Report version 1", heading);
        await Expect(report.Locator(".crumbs")).ToHaveTextAsync(ProcurementName);
        await Expect(report.Locator(".report-summary")).ToContainTextAsync("missing points at the active alert level (Normal)");
        var frame = report.FrameLocator($"iframe[title='Report version 1 for {SupplierName}']");
        await Expect(frame.Locator("h1")).ToContainTextAsync(SupplierName);
        await Expect(frame.Locator("#grid svg").First).ToBeVisibleAsync();
        Assert.True(await frame.Locator("#grid").EvaluateAsync<bool>("g => g.getBoundingClientRect().top < window.innerHeight"),
            "the capability grid starts inside the visible part of the report frame");
        await ShootAsync(report, folder, "report.png");

        // 3. The expert corrects a cell on the review page, with the evidence seen.
        using (var assigned = await app.ProjectManager.PutAsJsonAsync(
            $"/api/procurements/{procurementId}/assessments/{assessmentId}/reviewer", new { expertId = ExpertId }))
        {
            Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        }
        var path = $"/review/{procurementId}/{assessmentId}";
        var review = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.ExpertKey, path + "?cell=PA01/2.1");
        var cell = review.Locator("#grid td[data-pa='PA01'][data-cf='2.1']");
        Assert.Equal("F", await cell.GetAttributeAsync("data-letter")); // as Northwind declared it
        const string corrected = "L";
        const string note = "Access-control plan seen in Lyon: signed, but its yearly review is overdue since March.";
        await review.GetByLabel("Rating letter").SelectOptionAsync(corrected);
        await review.GetByRole(AriaRole.Textbox, new() { Name = "Evidence note" }).FillAsync(note);
        await review.GetByRole(AriaRole.Button, new() { Name = "Save correction" }).ClickAsync();
        await review.WaitForURLAsync("**saved=1**");
        Assert.Equal($"Review of {SupplierName}", await review.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        Assert.Contains(ProcurementName, await review.Locator("dl.facts").First.InnerTextAsync());
        Assert.Equal(corrected, await cell.GetAttributeAsync("data-letter"));
        Assert.Contains("Correction of PA01 2.1 saved", await review.GetByRole(AriaRole.Status).First.InnerTextAsync());
        Assert.Equal(note, await review.Locator("#selected-cell dd.note").InnerTextAsync());
        var row = review.Locator("#overrides tr[data-cell='PA01/2.1']");
        Assert.Contains(ExpertId, await row.InnerTextAsync());
        Assert.Equal(note, await row.Locator("td.note").InnerTextAsync());
        await ShootAsync(review, folder, "expert-review.png");

        // 4. The expert's day starts on "my reviews"; a picked cell lists the answers and evidence behind it.
        var day = await chromium.NewPageAsync(app.BaseAddress);
        await day.GotoAsync("/signin");
        await day.GetByLabel("Your key").FillAsync(PipelineApp.ExpertKey);
        await day.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await day.WaitForURLAsync("**/reviews");
        await Expect(day.Locator($"#my-reviews tr[data-assessment='{assessmentId}']")).ToContainTextAsync(ProcurementName);
        await day.SetViewportSizeAsync(Width, MaxHeight);
        var foot = (await day.Locator("footer.foot").BoundingBoxAsync())!; // a short page: down to its footer, not a window of white
        await day.ScreenshotAsync(new()
        {
            Path = Path.Combine(folder, "my-reviews.png"), Animations = ScreenshotAnimations.Disabled, Caret = ScreenshotCaret.Hide,
            Clip = new() { X = 0, Y = 0, Width = Width, Height = Math.Min(foot.Y + foot.Height + 16, MaxHeight) },
        });
        await day.GotoAsync(path + "?cell=PA01/2.1");
        await day.Locator("#selected-cell details.guidance > summary").ClickAsync(); // folded: the answers come into view
        await Expect(day.Locator("#cell-declarations li[data-question='POL-09'] .files")).ToContainTextAsync("information-security-policy-v4.pdf");
        await day.SetViewportSizeAsync(Width, MaxHeight);
        // From the cell's title to the end of its answers (at most MaxHeight): the cell, its ratings and what lies behind it.
        await day.Locator("#cell-title").ScrollIntoViewIfNeededAsync();
        var top = (await day.Locator("#cell-title").BoundingBoxAsync())!;
        var bottom = (await day.Locator("#cell-declarations").BoundingBoxAsync())!;
        await day.ScreenshotAsync(new()
        {
            Path = Path.Combine(folder, "review-cell-answers.png"), Animations = ScreenshotAnimations.Disabled, Caret = ScreenshotCaret.Hide,
            FullPage = true,
            Clip = new() { X = 0, Y = top.Y - 16, Width = Width, Height = Math.Min(bottom.Y + bottom.Height - top.Y + 32, MaxHeight) },
        });

        // What was written is a real picture; with UPDATE_DOCS=1 it becomes the README's.
        foreach (var name in Pictures)
        {
            var bytes = await File.ReadAllBytesAsync(Path.Combine(folder, name));
            Assert.True(bytes.AsSpan().StartsWith(PngSignature), $"{name} is a PNG");
            Assert.True(bytes.Length > MinBytes(name) && bytes.Length < MaxBytes, $"{name} is a real picture under {MaxBytes / 1024} KB ({bytes.Length} bytes)");
        }
        var docs = Path.Combine(AzuriteServer.RepoRoot(), "docs", "screenshots");
        if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1")
        {
            Directory.CreateDirectory(docs);
            foreach (var name in Pictures)
            {
                File.Copy(Path.Combine(folder, name), Path.Combine(docs, name), overwrite: true);
            }
        }
        Directory.Delete(folder, recursive: true);

        // Always: the README's pictures are committed, so a missing one fails the suite.
        foreach (var name in Pictures)
        {
            var file = Path.Combine(docs, name);
            Assert.True(File.Exists(file), $"docs/screenshots/{name} is missing: run this test with UPDATE_DOCS=1");
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.True(bytes.AsSpan().StartsWith(PngSignature), $"docs/screenshots/{name} is not a PNG");
            Assert.True(bytes.Length > MinBytes(name) && bytes.Length < MaxBytes, $"docs/screenshots/{name} has {bytes.Length} bytes");
        }
    }

    // ---- steps ----

    private static int LevelOf(Question question)
    {
        var topic = Template.Topics.First(t => t.Questions.Contains(question));
        var index = topic.Questions.ToList().IndexOf(question);
        return Math.Clamp(LevelByTopic[topic.Id] - (index % 3 == 2 ? 1 : 0), 0, 5); // not every answer of a topic alike
    }

    /// <summary>Saves Northwind's answers to <paramref name="questions"/> (evidence aside), as the questionnaire page would.</summary>
    private static async Task SaveAsync(Answering supplier, IEnumerable<Question> questions)
    {
        var answers = new Dictionary<string, object>();
        foreach (var question in questions)
        {
            switch (question.Kind)
            {
                case QuestionKind.Scale:
                    answers[question.Id] = LevelOf(question);
                    break;
                case QuestionKind.Choice:
                    answers[question.Id] = question.Options[Math.Clamp(LevelOf(question) - 1, 0, question.Options.Count - 1)].Id;
                    break;
                case QuestionKind.Text:
                    answers[question.Id] = Texts[question.Id];
                    break;
            }
        }
        using var saved = await supplier.SaveAsync(answers);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
    }

    private static async Task UploadAsync(Answering supplier, string questionId, string fileName)
    {
        using var uploaded = await supplier.UploadAsync(questionId, fileName, Encoding.ASCII.GetBytes("%PDF-1.4 Northwind Hosting evidence"));
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
    }

    /// <summary>The top of the page (at most <see cref="MaxHeight"/> px), 1280 px wide, at device scale 1, scrolled to the top.</summary>
    private static async Task ShootAsync(IPage page, string folder, string name)
    {
        await page.SetViewportSizeAsync(Width, MaxHeight); // one window for the whole picture: sticky parts stay where a reader expects
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        var height = await page.EvaluateAsync<int>("() => Math.ceil(document.documentElement.scrollHeight)");
        await page.ScreenshotAsync(new()
        {
            Path = Path.Combine(folder, name), Animations = ScreenshotAnimations.Disabled, Caret = ScreenshotCaret.Hide,
            Clip = new() { X = 0, Y = 0, Width = Width, Height = Math.Min(height, MaxHeight) },
        });
    }
}
