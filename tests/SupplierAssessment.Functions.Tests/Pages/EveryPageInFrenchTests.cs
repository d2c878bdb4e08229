using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Functions.Tests.Pages;

/// <summary>
/// Issue 11: every page, asked for in French, has none of the pages' English texts left and no letter turned into
/// '?'. The English texts are read from the pages' own sources — each English side of a <c>T("English", "Français")</c>
/// pair that French says differently — so a text added later in English only is caught too. The pages are
/// server-rendered (they work without JavaScript), so their HTML is what a reader sees.
/// </summary>
public partial class EveryPageInFrenchTests(PipelineApp app) : IClassFixture<PipelineApp>
{
    [Fact]
    public async Task Every_page_asked_for_in_french_has_no_english_text_left_and_french_typography_while_english_pages_have_none()
    {
        Assert.True(EnglishTexts.Count > 100, $"only {EnglishTexts.Count} English texts found in the pages' sources");

        // A French procurement with one reported supplier, reviewed by an expert, and one still answering.
        using var created = await app.ProjectManager.PostAsJsonAsync("/api/procurements",
            new { name = "Hébergement du portail", profileId = "government-web-hosting", language = "fr" });
        var procurementId = (string)(await created.Content.ReadFromJsonAsync<JsonNode>())!["id"]!;
        var (reportedId, reportedToken) = await app.InviteAsync(procurementId, "Société Alpha", "alpha@pages-fr.example");
        var (_, waitingToken) = await app.InviteAsync(procurementId, "Société Bêta", "beta@pages-fr.example");
        var supplier = new Answering(app.Anonymous, reportedToken);
        await supplier.OpenAsync();
        using (await supplier.SaveAsync(supplier.AnswersFor(2, 3, "Politique formelle, revue chaque année."))) { }
        await supplier.AttachRequiredEvidenceAsync();
        using (await supplier.SubmitAsync()) { }
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{reportedId}:v1", TimeSpan.FromSeconds(30));
        using (await app.ProjectManager.PutAsJsonAsync($"/api/procurements/{procurementId}/assessments/{reportedId}/reviewer",
            new { expertId = "expert@celar.example" })) { }

        var pages = new (string Who, string Path)[]
        {
            ("anyone", "/"),
            ("anyone", "/signin"),
            ("pm", "/procurements"),
            ("pm", "/procurements/new"),
            ("pm", $"/procurements/{procurementId}"),
            ("pm", $"/procurements/{procurementId}/targets"),
            ("pm", $"/procurements/{procurementId}/assessments/{reportedId}/reports/1"),
            ("pm", $"/api/procurements/{procurementId}/assessments/{reportedId}/reports/1?format=html"),
            ("expert", $"/review/{procurementId}/{reportedId}"),
            ("admin", "/manage"),
            ("anyone", $"/q/{Uri.EscapeDataString(waitingToken)}"),
            // The receipt itself: opening a submitted link redirects there before the language is read.
            ("anyone", $"/q/{Uri.EscapeDataString(reportedToken)}/receipt"),
        };
        var failures = new List<string>();
        foreach (var (who, path) in pages)
        {
            using var client = PipelineApp.Client(app.BaseAddress, who switch
            {
                "pm" => PipelineApp.PmKey,
                "expert" => PipelineApp.ExpertKey,
                "admin" => PipelineApp.AdminKey,
                _ => null,
            });
            var url = path + (path.Contains('?') ? "&" : "?") + "lang=fr";
            using var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode}");
            var html = await response.Content.ReadAsStringAsync();
            if (!html.Contains("<html lang=\"fr\"", StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{path}: not marked as French (<html lang=\"fr\">)");
            }
            var visible = Visible(html);
            var left = EnglishTexts.Where(english => Regex.IsMatch(visible, $@"(?<!\p{{L}}){Regex.Escape(english)}(?!\p{{L}})")).ToArray();
            if (left.Length > 0)
            {
                failures.Add($"{path}: {string.Join(" | ", left)}");
            }
            if (Regex.IsMatch(visible, @"\p{L}\?\p{L}|\?\?|\uFFFD"))
            {
                failures.Add($"{path}: a letter replaced by '?'");
            }
            // French typography, as in the downloads and emails: a narrow no-break space before : ; ? ! and inside « ».
            // (The list of procurements has no such sign; the review's legend shows "!" and "?" as symbols of their own.)
            if (path != "/procurements" && !Regex.IsMatch(visible, "\\p{L}\u202F[:;?!»]"))
            {
                failures.Add($"{path}: no narrow no-break space before a colon, semicolon, question mark or »");
            }
            foreach (Match plain in Regex.Matches(visible, @"\S{0,12}\p{L}[ \u00A0]?[:;?!»](?=\s)|«[ \u00A0]?\p{L}\S{0,12}"))
            {
                failures.Add($"{path}: no narrow no-break space in “{plain.Value}” … {visible[Math.Max(0, plain.Index - 60)..Math.Min(visible.Length, plain.Index + 40)]}");
            }
            using var english = await client.GetAsync(path + (path.Contains('?') ? "&" : "?") + "lang=en");
            if ((await english.Content.ReadAsStringAsync()).Contains('\u202F'))
            {
                failures.Add($"{path}: the English page has a narrow no-break space");
            }
        }
        Assert.True(failures.Count == 0, "English left in French pages, or French typography missing:\n" + string.Join("\n", failures));
    }

    /// <summary>
    /// The English side of every <c>T("…", "…")</c> pair in the pages' and the landing page's sources, cut at
    /// placeholders into pieces of at least two words, without the pieces French shares.
    /// </summary>
    private static readonly IReadOnlyList<string> EnglishTexts = ReadEnglishTexts();

    private static List<string> ReadEnglishTexts()
    {
        var root = AzuriteServer.RepoRoot();
        var sources = Directory.EnumerateFiles(Path.Combine(root, "functions", "Pages"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
            .Append(Path.Combine(root, "functions", "Api", "SiteFunctions.cs"))
            .Select(File.ReadAllText);
        var pairs = sources.SelectMany(source => TextPair().Matches(source))
            .Select(m => (En: m.Groups["en"].Value, Fr: m.Groups["fr"].Value))
            .Where(p => p.En != p.Fr)
            .ToList();
        var frenchText = string.Join("\n", pairs.Select(p => p.Fr));
        return pairs
            .SelectMany(p => Regex.Split(p.En, @"\{[^}]*\}|\\u[0-9A-Fa-f]{4}|[“”""()]"))
            .Select(piece => piece.Trim(' ', ':', ';', ',', '.', '·', '—', '–', '!', '?', '\''))
            .Where(piece => piece.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 2 && !piece.Contains('\\') && !frenchText.Contains(piece))
            .Distinct()
            .ToList();
    }

    private static string Visible(string html)
    {
        var attributes = Regex.Matches(html, "(?:title|aria-label|alt|placeholder)=\"([^\"]*)\"").Select(m => m.Groups[1].Value);
        var text = Regex.Replace(html, "<(script|style)[^>]*>.*?</\\1>", " ", RegexOptions.Singleline);
        text = Regex.Replace(text, "<[^>]+>", " ");
        return WebUtility.HtmlDecode(text + "\n" + string.Join("\n", attributes));
    }

    [GeneratedRegex("""\bT\(\$?"(?<en>(?:[^"\\]|\\.)*)",\s*\$?"(?<fr>(?:[^"\\]|\\.)*)"\)""")]
    private static partial Regex TextPair();
}
