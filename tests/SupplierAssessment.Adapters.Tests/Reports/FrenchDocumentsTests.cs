using SupplierAssessment.Domain.Assessments;
using System.Reflection;
using System.Text.RegularExpressions;
using SupplierAssessment.Adapters.Email;
using SupplierAssessment.Adapters.Reports;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Reports;
using UglyToad.PdfPig;

namespace SupplierAssessment.Adapters.Tests.Reports;

/// <summary>
/// Issue 11: every document a French reader gets is French — the report in each format, the report email and the
/// supplier's emails — with no English product text left and no letter replaced by a question mark; the English
/// documents are unchanged. The English texts checked absent are the report's own labels and the catalog's names.
/// </summary>
public class FrenchDocumentsTests
{
    private static readonly AssessmentReport Report = ReportScenario.Instance.V2 with
    {
        SupplierName = "Alpha Hébergement",
        ProcurementName = "Portail du ministère 2027",
        // What users typed is theirs: a French expert's notes, so that any English left is the product's.
        Overrides = [.. ReportScenario.Instance.V2.Overrides.Select(o => o with { Note = "Vu sur site : procédure signée, appliquée.", ExpertId = "expert-7" })],
    };

    private static readonly Uri Link = new("https://reports.example/procurements/p/assessments/a/reports/2?lang=fr");

    public static TheoryData<string> Documents => ["html", "pdf", "csv", "email html", "email text", "email subject"];

    /// <summary>Each document as its reader gets it, in <paramref name="language"/>, as text.</summary>
    private static string Render(string document, string language)
    {
        var catalog = ReportScenario.Instance.Catalog;
        return document switch
        {
            "html" => Visible(ReportHtml.Render(Report, catalog, language)),
            "pdf" => PdfText(ReportPdf.Render(Report, catalog, language)),
            "csv" => ActionPlanCsv.Render(Report, catalog, language),
            "email html" => Visible(ReportEmail.Render(Report, catalog, Link, language).Html),
            "email text" => ReportEmail.Render(Report, catalog, Link, language).Text,
            _ => ReportEmail.Render(Report, catalog, Link, language).Subject,
        };
    }

    /// <summary>
    /// Every English label of the report and email (each piece between placeholders, at least two letters) that
    /// French says differently, and the English names of the process areas and common features.
    /// </summary>
    public static IReadOnlyList<string> EnglishTexts { get; } = EnglishLabels().ToArray();

    private static IEnumerable<string> EnglishLabels()
    {
        // Words French shares with English ("points", "actions", "version") are not English left behind.
        var frenchWords = typeof(ReportLabels).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(string))
            .SelectMany(p => Regex.Matches((string)p.GetValue(ReportLabels.French)!, @"\p{L}+").Select(m => m.Value))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var properties = typeof(ReportLabels).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.PropertyType == typeof(string));
        foreach (var property in properties)
        {
            var english = (string)property.GetValue(ReportLabels.English)!;
            var french = (string)property.GetValue(ReportLabels.French)!;
            if (english == french || property.Name == nameof(ReportLabels.Language))
            {
                continue;
            }
            foreach (var piece in Regex.Split(english, @"\{\d\}|\[SupplierAssessment\]|\(|\)|[<>]=?|%|–"))
            {
                var words = piece.Trim(' ', ':', ';', ',', '.', '·', '—');
                if (Regex.Matches(words, @"\p{L}").Count >= 3 && !frenchWords.Contains(words))
                {
                    yield return words;
                }
            }
        }
        var catalog = ReportScenario.Instance.Catalog;
        foreach (var name in Domain.Grid.ProcessAreaId.All.Select(pa => catalog[pa].Name)
            .Concat(Domain.Grid.CommonFeature.All.Select(cf => catalog[cf].Name)))
        {
            if (name.En != name.Fr)
            {
                yield return name.En;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void The_french_document_has_no_english_product_text_left(string document)
    {
        Assert.True(EnglishTexts.Count > 60, $"only {EnglishTexts.Count} English texts to look for");
        var french = Render(document, "fr");
        var left = EnglishTexts.Where(english => Regex.IsMatch(french, $@"(?<!\p{{L}}){Regex.Escape(english)}(?!\p{{L}})")).ToArray();
        Assert.True(left.Length == 0, $"English left in the French {document}: {string.Join(" | ", left)}");
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void The_english_document_still_speaks_english(string document)
    {
        var english = Render(document, "en");
        Assert.Contains(EnglishTexts, text => english.Contains(text, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void No_letter_of_a_french_document_is_replaced_by_a_question_mark(string document)
    {
        var french = Render(document, "fr");
        Assert.Contains(document == "csv" ? "Caractéristique commune" : "Alpha Hébergement", french);
        // The only question marks are the link's query and the ones users typed.
        Assert.DoesNotMatch(@"\p{L}\?\p{L}|\?\?", french.Replace("?lang=fr", "", StringComparison.Ordinal));
        Assert.DoesNotContain("\uFFFD", french);
    }

    [Theory]
    [InlineData("html")]
    [InlineData("pdf")]
    [InlineData("email text")]
    public void Documents_write_dates_in_words_and_french_ones_a_narrow_no_break_space_before_a_colon(string document)
    {
        // The PDF as its letters (words would split at the narrow space).
        var french = document == "pdf" ? PdfLetters(ReportPdf.Render(Report, ReportScenario.Instance.Catalog, "fr")) : Render(document, "fr");
        Assert.Contains("2 avril 2025", french); // the version's date, 2025-04-02
        Assert.DoesNotContain("2025-04-02", french);
        Assert.Matches("\\p{L}\u202F[:;]", french);
        Assert.DoesNotMatch("\\p{L}[:;] ", french.Replace("https:", "", StringComparison.Ordinal));
        var english = Render(document, "en");
        Assert.Contains("2 April 2025", english); // the same date rule as the pages: in words
        Assert.DoesNotContain("2025-04-02", english);
        Assert.DoesNotContain("\u202F", english);
    }

    [Fact]
    public void French_percentages_take_a_decimal_comma_and_english_ones_keep_the_point()
    {
        var corrected = Report with
        {
            // 50.04 % is shown with its decimals: rounded, it would read as the P band.
            Overrides = [.. Report.Overrides.Select((o, i) => i == 0 ? o with { Rating = Domain.Grid.Rating.FromPercent(50.04) } : o)],
        };
        var catalog = ReportScenario.Instance.Catalog;
        // The PDF's table cells may wrap: compared without spaces.
        Assert.Contains("L(50,04%)", Regex.Replace(PdfLetters(ReportPdf.Render(corrected, catalog, "fr")), "\\s", ""));
        Assert.Contains("L(50.04%)", Regex.Replace(PdfLetters(ReportPdf.Render(corrected, catalog, "en")), "\\s", ""));
        Assert.Contains("50,04 %", ReportHtml.Render(corrected, catalog, "fr"));
        Assert.DoesNotContain("50.04 %", ReportHtml.Render(corrected, catalog, "fr"));
        Assert.Contains("50.04 %", ReportHtml.Render(corrected, catalog, "en"));
    }

    [Fact]
    public void The_supplier_emails_are_french_with_french_dates_and_spaces_and_english_ones_unchanged()
    {
        var link = new Uri("https://app.example/q/token?lang=fr");
        var due = new AnswerDeadline(new DateOnly(2026, 11, 30), "Europe/Paris");
        var (subject, html, text) = SupplierEmails.Invitation("Société « Alpha »", "Portail 2027", link, due, "fr");
        Assert.Equal("Questionnaire de sécurité pour Portail 2027", subject);
        Assert.Contains("Bonjour Société «\u202FAlpha\u202F»,", text);
        Assert.Contains("Les réponses sont attendues au plus tard le 30 novembre 2026 (fin de journée, fuseau horaire Europe/Paris)\u202F: votre lien personnel fonctionne jusque-là.\nhttps://app.example/q/token?lang=fr", text);
        Assert.Contains("nécessaire\u202F; l'envoi est définitif.", text);
        Assert.Contains("href=\"https://app.example/q/token?lang=fr\"", html);
        var (reminderSubject, reminderHtml, reminderText) = SupplierEmails.Reminder("Société « Alpha »", "Portail 2027", link, due, 6, "fr");
        Assert.Equal("Rappel\u202F: le questionnaire de sécurité pour Portail 2027 est attendu le 30 novembre 2026", reminderSubject);
        Assert.Contains("Il reste 6 jours.", reminderText);
        Assert.Contains("\nhttps://app.example/q/token?lang=fr\n", reminderText);
        Assert.StartsWith("<p>Bonjour Société «\u202FAlpha\u202F»,</p>", System.Net.WebUtility.HtmlDecode(reminderHtml));
        Assert.Contains("Il reste 1 jour.", SupplierEmails.Reminder("Alpha", "Portail 2027", link, due, 1, "fr").Text);
        Assert.Contains("C'est aujourd'hui le dernier jour.", SupplierEmails.Reminder("Alpha", "Portail 2027", link, due, 0, "fr").Text);
        var (movedSubject, _, movedText) = SupplierEmails.DueDateMoved("Alpha", "Portail 2027", link, due, "fr");
        Assert.Equal("Nouvelle date limite pour le questionnaire de sécurité pour Portail 2027\u202F: 30 novembre 2026", movedSubject);
        Assert.Contains("La date limite de votre questionnaire de sécurité pour la consultation «\u202FPortail 2027\u202F» a changé.", movedText);
        Assert.Contains("\nhttps://app.example/q/token?lang=fr\n", movedText);
        var (_, _, withoutLink) = SupplierEmails.Reminder("Alpha", "Portail 2027", null, due, 6, "fr");
        Assert.Contains("demandez au chef de projet de vous le renvoyer", withoutLink);
        Assert.DoesNotContain("https://", withoutLink);

        string[] english = ["Hello", "You are invited", "due by", "Open your", "Keep this link", "Reminder", "not submitted", "days are left", "project manager", "end of day"];
        Assert.All(english, e => Assert.DoesNotContain(e, subject + html + text + reminderSubject + reminderHtml + reminderText));

        var (enSubject, _, enText) = SupplierEmails.Invitation("Alpha", "Portal 2027", new Uri("https://app.example/q/token"), due, "en");
        Assert.Equal("Security questionnaire for Portal 2027", enSubject);
        Assert.Contains("Answers are due by 30 November 2026 (end of day, Europe/Paris time): your personal link works until then.\nhttps://app.example/q/token", enText);
        Assert.Equal("Reminder: the security questionnaire for Portal 2027 is due on 30 November 2026",
            SupplierEmails.Reminder("Alpha", "Portal 2027", link, due, 6, "en").Subject);
        Assert.Contains("1 day is left.", SupplierEmails.Reminder("Alpha", "Portal 2027", link, due, 1, "en").Text);
    }

    /// <summary>What a reader sees of an HTML document: its text, and the titles and labels shown on hover or read aloud.</summary>
    private static string Visible(string html)
    {
        var labels = Regex.Matches(html, "(?:title|aria-label|alt)=\"([^\"]*)\"").Select(m => m.Groups[1].Value);
        var text = Regex.Replace(Regex.Replace(html, "<style[^>]*>.*?</style>", " ", RegexOptions.Singleline), "<[^>]+>", " ");
        return System.Net.WebUtility.HtmlDecode(text + "\n" + string.Join("\n", labels));
    }

    [Theory]
    [InlineData("en", 0, "0 actions", "reason: English takes the plural for none")]
    [InlineData("en", 1, "1 action", "reason: one is singular")]
    [InlineData("en", 2, "2 actions", "reason: more than one is plural")]
    [InlineData("fr", 0, "0 action", "reason: French takes the singular for none")]
    [InlineData("fr", 1, "1 action", "reason: one is singular")]
    [InlineData("fr", 2, "2 actions", "reason: two and more are plural")]
    public void A_count_of_actions_takes_the_number_its_language_gives_it(string language, int count, string expected, string reason)
    {
        Assert.True(expected == ReportLabels.For(language).ActionCount(count), reason);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    public void Every_count_of_actions_in_the_pdf_and_html_takes_the_right_number(string language)
    {
        var catalog = ReportScenario.Instance.Catalog;
        var plan = Report.ActionPlan;
        var labels = ReportLabels.For(language);
        // Compared without spaces: the PDF's letters come without them.
        static string Squeezed(string text) => Regex.Replace(text, "[\\s\u202F]", "");
        var pdf = Squeezed(PdfLetters(ReportPdf.Render(Report, catalog, language)));
        var html = Squeezed(Visible(ReportHtml.Render(Report, catalog, language)));
        foreach (var actor in Actors.All)
        {
            var name = actor switch { Actor.Supplier => labels.SupplierActor, Actor.ProjectManager => labels.ProjectManagerActor, _ => labels.ExpertActor };
            var heading = Squeezed($"{name}: {labels.ActionCount(plan.TotalFor(actor))}");
            Assert.Contains(heading, pdf);
            Assert.Contains(heading, html);
        }
        var wrong = language == "fr" ? "(?<!\\d)[01]actions" : "(?<!\\d)1actions";
        Assert.DoesNotMatch(wrong, pdf);
        Assert.DoesNotMatch(wrong, html);
    }

    [Fact]
    public void A_download_keeps_the_supplier_s_name_as_typed_with_an_ascii_fallback_and_the_reader_s_words()
    {
        var greek = Report with { SupplierName = "Ελληνική Φιλοξενία – Société « Hébergement » ŁÓDŹ", Version = 1 };
        var pdf = ReportPdf.FileName(greek, "fr");
        Assert.Equal("Ελληνική Φιλοξενία – Société « Hébergement » ŁÓDŹ-rapport-v1.pdf", pdf.Unicode);
        Assert.Equal("societe-hebergement-lodz-rapport-v1.pdf", pdf.Ascii);
        Assert.Equal("Ελληνική Φιλοξενία – Société « Hébergement » ŁÓDŹ-action-plan-v1.csv", ActionPlanCsv.FileName(greek, "en").Unicode);
        Assert.Equal("societe-hebergement-lodz-plan-d-action-v1.csv", ActionPlanCsv.FileName(greek, "fr").Ascii);
        var japanese = Report with { SupplierName = "株式会社 東京/ホスティング", Version = 2 };
        Assert.Equal("株式会社 東京ホスティング-report-v2.pdf", ReportPdf.FileName(japanese).Unicode);
        Assert.Equal("report-v2.pdf", ReportPdf.FileName(japanese).Ascii);
        // An email attachment keeps the ASCII name while it still names the supplier, else the name as typed (second trial).
        Assert.Equal("societe-hebergement-lodz-rapport-v1.pdf", pdf.ForAttachment);
        Assert.Equal("株式会社 東京ホスティング-report-v2.pdf", ReportPdf.FileName(japanese).ForAttachment);
    }

    private static string PdfLetters(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => p.Text));
    }

    private static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }
}
