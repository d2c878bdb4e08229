using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using SupplierAssessment.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace SupplierAssessment.Functions.Tests.Pages;

/// <summary>
/// Issue 10: the bidders side by side on the procurement page, and the same figures as CSV, XLSX and JSON, for the
/// procurement's owner only. Suppliers answer and submit through the real pipeline (queues, scoring, reports); the
/// page is read in Chromium. The docs' picture of the comparison is taken here as <see cref="ScreenshotTests"/> takes
/// the README's: always to a temporary folder, copied to docs/screenshots/ only with UPDATE_DOCS=1, and the committed
/// picture must exist.
/// </summary>
public class ComparisonTests(PipelineApp app, Chromium chromium) : IClassFixture<PipelineApp>, IClassFixture<Chromium>
{
    private const string Picture = "comparison.png";
    private const int Width = 1280;
    private const int MaxHeight = 1600;
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly LocatorAssertionsToHaveCountOptions Patient = new() { Timeout = 15_000 };

    [Fact]
    public async Task The_xlsx_and_csv_downloads_carry_the_figures_of_the_pages_table_and_another_project_manager_gets_404()
    {
        var procurementId = await app.CreateProcurementAsync("Records hosting 2027");
        var weak = await ReportedAsync(procurementId, "Weak Hosting", level: 1);
        var strong = await ReportedAsync(procurementId, "Strong Hosting", level: 3);
        var (waitingId, _) = await app.InviteAsync(procurementId, "Late Hosting", "sec@late.example");

        // The page: one row per bidder, the strong one first (fewer missing points), the waiting one last with no figures.
        var page = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.PmKey, $"/procurements/{procurementId}", bypassCsp: true); // for axe-core
        var table = page.Locator("#comparison table.comparison");
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(3, Patient);
        var shown = await PageRowsAsync(page);
        Assert.Equal(["Strong Hosting", "Weak Hosting", "Late Hosting"], shown.Select(r => r[1]));
        Assert.Equal(["1", "2", ""], shown.Select(r => r[0]));
        Assert.Equal(2 + 22 + 1, shown[0].Length); // rank, name, "achieved/target/missing" per process area, total
        Assert.Equal(2, shown[2].Length); // waiting: rank and name only
        Assert.Contains("Waiting", await table.Locator($"tr[data-assessment='{waitingId}']").InnerTextAsync());
        Assert.True(int.Parse(shown[1][^1]) > int.Parse(shown[0][^1]), "the weak bidder misses more points");
        // A cell below target shows ▼ and its missing points; each name opens the bidder's latest report.
        var below = table.Locator($"tr[data-assessment='{weak}'] td.pa.below").First;
        Assert.Matches(@"^\d / \d ▼ \d+$", Normalize(await below.Locator(".level").InnerTextAsync() + " " + await below.Locator(".gap").InnerTextAsync()));
        Assert.Matches(@"^below target: \d+ missing points?$", Normalize(await below.Locator(".visually-hidden").InnerTextAsync()));
        Assert.Equal($"/procurements/{procurementId}/assessments/{strong}/reports/1",
            await table.Locator($"tr[data-assessment='{strong}'] th a").GetAttributeAsync("href"));
        Assert.Empty(await Chromium.SeriousAccessibilityViolationsAsync(page));

        // The XLSX, downloaded from the page's link and read back with the Open XML SDK: one row per bidder, same figures.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download XLSX" }).ClickAsync());
        Assert.Equal("Records hosting 2027-comparison-normal.xlsx", download.SuggestedFilename);
        var xlsx = Spreadsheets.ReadXlsx(await File.ReadAllBytesAsync((await download.PathAsync())!));
        Assert.Equal(1 + 3, xlsx.Count);
        Assert.Equal("Rank", xlsx[0][0]!.Text);
        Assert.Equal(shown, xlsx.Skip(1).Select(SheetFigures));
        Assert.All(xlsx.Skip(1).Take(2), row => Assert.All(row.Where((_, i) => i != 1 && i != 2), c => Assert.True(c!.IsNumber)));

        // The CSV: UTF-8 with a byte order mark, RFC 4180, the same figures; no cache may keep either download.
        using (var csv = await app.ProjectManager.GetAsync($"/procurements/{procurementId}/comparison.csv"))
        {
            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
            Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
            Assert.Equal("attachment", csv.Content.Headers.ContentDisposition!.DispositionType);
            Assert.Equal("Records hosting 2027-comparison-normal.csv", csv.Content.Headers.ContentDisposition.FileNameStar);
            Assert.True(csv.Headers.CacheControl!.NoStore);
            var bytes = await csv.Content.ReadAsByteArrayAsync();
            Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
            var rows = Spreadsheets.ParseCsv(Encoding.UTF8.GetString(bytes[3..]));
            Assert.Equal(1 + 3, rows.Count);
            Assert.Equal(shown, rows.Skip(1).Select(r => CsvFigures(r)));
        }
        using (var workbook = await app.ProjectManager.GetAsync($"/procurements/{procurementId}/comparison.xlsx"))
        {
            Assert.Equal(HttpStatusCode.OK, workbook.StatusCode);
            Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", workbook.Content.Headers.ContentType!.MediaType);
            Assert.True(workbook.Headers.CacheControl!.NoStore);
            Assert.Equal(shown, Spreadsheets.ReadXlsx(await workbook.Content.ReadAsByteArrayAsync()).Skip(1).Select(SheetFigures));
        }

        // The API's JSON: the same figures.
        var json = (await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}/comparison"))!;
        Assert.Equal("normal", (string)json["alertLevel"]!);
        Assert.Equal(shown, json["bidders"]!.AsArray().Select(b => JsonFigures(b!)));
        // The API gives the downloads too (?format=, as the report versions do), in ?lang= or the project manager's own.
        var api = $"/api/procurements/{procurementId}/comparison";
        using (var workbook = await app.ProjectManager.GetAsync($"{api}?format=xlsx"))
        {
            Assert.Equal(HttpStatusCode.OK, workbook.StatusCode);
            Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", workbook.Content.Headers.ContentType!.MediaType);
            Assert.Equal("Records hosting 2027-comparison-normal.xlsx", workbook.Content.Headers.ContentDisposition!.FileNameStar);
            Assert.Equal(shown, Spreadsheets.ReadXlsx(await workbook.Content.ReadAsByteArrayAsync()).Skip(1).Select(SheetFigures));
        }
        using (var csv = await app.ProjectManager.GetAsync($"{api}?format=CSV&lang=fr"))
        {
            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
            Assert.Equal("Records hosting 2027-comparaison-normal.csv", csv.Content.Headers.ContentDisposition!.FileNameStar);
            Assert.StartsWith("\uFEFFRang,Fournisseur,Statut,", Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()));
        }
        foreach (var (query, field) in new[] { ("format=pdf", "format"), ("format=", "format"), ("format=csv&lang=de", "lang") })
        {
            using var refused = await app.ProjectManager.GetAsync($"{api}?{query}");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
            Assert.True(JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["errors"]![field] is JsonArray, query);
        }

        // Another project manager, an unknown procurement or another format: the page's 404, as for the page itself.
        foreach (var url in new[]
        {
            $"/procurements/{procurementId}/comparison.xlsx", $"/procurements/{procurementId}/comparison.csv", $"/procurements/{procurementId}",
        })
        {
            using var other = await app.OtherProjectManager.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
            Assert.DoesNotContain("Strong Hosting", await other.Content.ReadAsStringAsync());
        }
        using (var unknown = await app.ProjectManager.GetAsync("/procurements/no-such-procurement/comparison.xlsx"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }
        using (var pdf = await app.ProjectManager.GetAsync($"/procurements/{procurementId}/comparison.pdf"))
        {
            Assert.Equal(HttpStatusCode.NotFound, pdf.StatusCode);
        }
        foreach (var format in new[] { "", "?format=xlsx" })
        {
            using var otherApi = await app.OtherProjectManager.GetAsync($"/api/procurements/{procurementId}/comparison{format}");
            Assert.Equal(HttpStatusCode.NotFound, otherApi.StatusCode);
            Assert.Equal("application/problem+json", otherApi.Content.Headers.ContentType!.MediaType);
        }
    }

    [Fact]
    public async Task In_french_the_table_and_the_csv_speak_french()
    {
        var procurementId = await app.CreateProcurementAsync("Hébergement du portail");
        await ReportedAsync(procurementId, "Société Générale d'Hébergement", level: 2);

        var page = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.PmKey, $"/procurements/{procurementId}?lang=fr");
        await Expect(page.Locator("#comparison-heading")).ToHaveTextAsync("Candidats côte à côte");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Télécharger le CSV" })).ToHaveCountAsync(1);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Télécharger le CSV" }).ClickAsync());
        Assert.Equal("Hébergement du portail-comparaison-normal.csv", download.SuggestedFilename);
        var csv = Encoding.UTF8.GetString(await File.ReadAllBytesAsync((await download.PathAsync())!));
        Assert.StartsWith("\uFEFFRang,Fournisseur,Statut,PA01 niveau atteint,", csv);
        Assert.Contains("Société Générale d'Hébergement,déclaré,", csv);
    }

    [Fact]
    public async Task Docs_picture_shows_three_bidders_side_by_side()
    {
        var folder = Directory.CreateTempSubdirectory("supplier-assessment-comparison-").FullName;
        var procurementId = await app.CreateProcurementAsync("Ministry web portal hosting 2027");
        await ReportedAsync(procurementId, "Northwind Hosting", level: 3);
        await ReportedAsync(procurementId, "Contoso Cloud", level: 2);
        await ReportedAsync(procurementId, "Fabrikam Data Centres", level: 1);
        await app.InviteAsync(procurementId, "Adventure Works Hosting", "sec@adventure-works.example");

        var page = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.PmKey, $"/procurements/{procurementId}");
        await Expect(page.Locator("#comparison table.comparison tbody tr")).ToHaveCountAsync(4, Patient);
        await page.SetViewportSizeAsync(Width, MaxHeight);
        var section = page.Locator("#comparison");
        await page.EvaluateAsync("() => window.scrollTo(0, 0)"); // the box in page coordinates
        var box = (await section.BoundingBoxAsync())!;
        await page.ScreenshotAsync(new()
        {
            Path = Path.Combine(folder, Picture), Animations = ScreenshotAnimations.Disabled, Caret = ScreenshotCaret.Hide, FullPage = true,
            Clip = new() { X = 0, Y = Math.Max(0, box.Y - 16), Width = Width, Height = Math.Min(box.Height + 32, MaxHeight) },
        });

        var bytes = await File.ReadAllBytesAsync(Path.Combine(folder, Picture));
        Assert.True(bytes.AsSpan().StartsWith(PngSignature), "a PNG");
        Assert.True(bytes.Length is > 10_000 and < 400 * 1024, $"a real picture under 400 KB ({bytes.Length} bytes)");
        var docs = Path.Combine(AzuriteServer.RepoRoot(), "docs", "screenshots");
        if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1")
        {
            File.Copy(Path.Combine(folder, Picture), Path.Combine(docs, Picture), overwrite: true);
        }
        Directory.Delete(folder, recursive: true);
        var committed = Path.Combine(docs, Picture);
        Assert.True(File.Exists(committed), $"docs/screenshots/{Picture} is missing: run this test with UPDATE_DOCS=1");
        Assert.True((await File.ReadAllBytesAsync(committed)).AsSpan().StartsWith(PngSignature), $"docs/screenshots/{Picture} is not a PNG");
    }

    // ---- steps and readings ----

    /// <summary>A supplier invited to the procurement answers every scale at <paramref name="level"/>, submits, and its first report is out.</summary>
    private async Task<string> ReportedAsync(string procurementId, string name, int level)
    {
        var (assessmentId, token) = await app.InviteAsync(procurementId, name, $"sec-{Guid.NewGuid():N}@bidders.example");
        var supplier = new Answering(app.Anonymous, token);
        using (var opened = await supplier.OpenAsync())
        {
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        }
        using (var saved = await supplier.SaveAsync(supplier.AnswersFor(level, level - 1, "Described in our security plan.")))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }
        await supplier.AttachRequiredEvidenceAsync();
        using (var submitted = await supplier.SubmitAsync())
        {
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        }
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v1", TimeSpan.FromSeconds(60));
        return assessmentId;
    }

    /// <summary>
    /// Each row of the page's table as [rank, supplier, then "achieved/target/missing" per process area, total], read
    /// from what the cells show ("1 / 2", "▼ 4") and checked against their data attributes; a waiting row: [rank, supplier].
    /// </summary>
    private static async Task<string[][]> PageRowsAsync(IPage page)
    {
        var rows = await page.Locator("#comparison table.comparison tbody tr").EvaluateAllAsync<JsonElement>("""
            rows => rows.map(tr => ({
                rank: tr.querySelector('td.rank').innerText.trim(),
                name: tr.querySelector('th.bidder').firstElementChild?.tagName === 'A'
                    ? tr.querySelector('th.bidder a').firstChild.textContent.trim()
                    : tr.querySelector('th.bidder').firstChild.textContent.trim(),
                cells: [...tr.querySelectorAll('td.pa')].map(td => ({
                    level: td.querySelector('.level').innerText.trim(),
                    gap: td.querySelector('.gap')?.innerText.trim() ?? null,
                    below: td.classList.contains('below'),
                    achieved: td.dataset.achieved, target: td.dataset.target, missing: td.dataset.missing,
                })),
                total: tr.querySelector('td.total')?.innerText.trim() ?? null,
            }))
            """);
        return rows.EnumerateArray().Select(row =>
        {
            var figures = new List<string> { row.GetProperty("rank").GetString()!, row.GetProperty("name").GetString()! };
            foreach (var cell in row.GetProperty("cells").EnumerateArray())
            {
                var (achieved, target, missing) = (cell.GetProperty("achieved").GetString()!, cell.GetProperty("target").GetString()!, cell.GetProperty("missing").GetString()!);
                Assert.Equal($"{achieved} / {target}", Normalize(cell.GetProperty("level").GetString()!));
                var below = cell.GetProperty("below").GetBoolean();
                Assert.Equal(below, int.Parse(achieved) < int.Parse(target));
                Assert.Equal(below ? $"▼ {missing}" : null, cell.GetProperty("gap").GetString() is { } gap ? Normalize(gap) : null);
                Assert.Equal(below, missing != "0");
                figures.Add($"{achieved}/{target}/{missing}");
            }
            if (row.GetProperty("total").GetString() is { } total)
            {
                figures.Add(total);
            }
            return figures.ToArray();
        }).ToArray();
    }

    private static string[] SheetFigures(SheetCell?[] row) =>
        CsvFigures(row.Select(c => c?.Text ?? "").ToList());

    /// <summary>A sheet's row (rank, supplier, status, 3 figures per process area, total) in the page's shape; a waiting bidder's has no figures.</summary>
    private static string[] CsvFigures(List<string> row)
    {
        if (row.Skip(3).All(c => c.Length == 0))
        {
            return [row[0], row[1]];
        }
        var figures = new List<string> { row[0], row[1] };
        for (var pa = 0; pa < 22; pa++)
        {
            figures.Add($"{row[3 + 3 * pa]}/{row[4 + 3 * pa]}/{row[5 + 3 * pa]}");
        }
        figures.Add(row[^1]);
        return figures.ToArray();
    }

    private static string[] JsonFigures(JsonNode bidder)
    {
        var head = new[] { bidder["rank"] is { } rank ? ((int)rank).ToString() : "", (string)bidder["supplierName"]! };
        return bidder["processAreas"] is not JsonArray areas
            ? head
            : [.. head, .. areas.Select(a => $"{(int)a!["achieved"]!}/{(int)a["target"]!}/{(int)a["missingPoints"]!}"), ((int)bidder["missingPoints"]!).ToString()];
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\t', '\u00a0'], StringSplitOptions.RemoveEmptyEntries));
}
