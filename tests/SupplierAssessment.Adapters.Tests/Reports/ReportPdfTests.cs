using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using SupplierAssessment.Adapters.Reports;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Catalog;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Questionnaires;
using SupplierAssessment.Domain.Reports;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Graphics.Operations.General;
using UglyToad.PdfPig.Graphics.Operations.PathConstruction;
using UglyToad.PdfPig.Graphics.Operations.PathPainting;

namespace SupplierAssessment.Adapters.Tests.Reports;

public class ReportPdfTests
{
    private static ReportScenario Scenario => ReportScenario.Instance;

    private static readonly ConcurrentDictionary<string, byte[]> Pdfs = new();

    private static byte[] Pdf(string name) => Pdfs.GetOrAdd(name, n => ReportPdf.Render(ReportScenario.Report(n), Scenario.Catalog));

    private static readonly Lazy<AssessmentReport> LongReport = new(() => EveryCellMissing.Report(ShippedData.Catalog));

    private static readonly Lazy<byte[]> LongPdf = new(() => ReportPdf.Render(LongReport.Value, ShippedData.Catalog));

    public static TheoryData<string> AllPdfs => ["declared", "verified", "partly covered", "every cell missing", "hostile text"];

    private static byte[] AnyPdf(string name) => name switch
    {
        "every cell missing" => LongPdf.Value,
        "hostile text" => HostilePdf.Value,
        _ => Pdf(name),
    };

    [Theory]
    [MemberData(nameof(AllPdfs))]
    public void Is_a_pdf_that_PdfPig_opens_with_every_page_A4_portrait(string name)
    {
        var bytes = AnyPdf(name);
        Assert.Equal("%PDF-", Encoding.ASCII.GetString(bytes, 0, 5));
        using var document = PdfDocument.Open(bytes);
        Assert.True(document.NumberOfPages >= 3);
        Assert.All(document.GetPages(), page =>
        {
            Assert.InRange(page.Width, 594, 596);
            Assert.InRange(page.Height, 841, 843);
        });
    }

    [Theory]
    [MemberData(nameof(AllPdfs))]
    public void Every_letter_is_inside_the_margins_and_every_page_says_page_n_of_m(string name)
    {
        using var document = PdfDocument.Open(AnyPdf(name));
        var count = document.NumberOfPages;
        foreach (var page in document.GetPages())
        {
            Assert.All(page.Letters, letter =>
            {
                Assert.InRange(letter.StartBaseLine.X, 40, 555);
                Assert.InRange(letter.EndBaseLine.X, 40, 555);
                Assert.InRange(letter.StartBaseLine.Y, 25, 800);
            });
            Assert.Contains($"page {page.Number} / {count}", Words(page));
        }
    }

    [Theory]
    [MemberData(nameof(ReportScenario.ReportNames), MemberType = typeof(ReportScenario))]
    public void Page_one_names_the_supplier_and_version_and_gives_the_missing_points_in_total_and_per_actor(string name)
    {
        var report = ReportScenario.Report(name);
        using var document = PdfDocument.Open(Pdf(name));
        var page = Words(document.GetPage(1));
        var labels = ReportLabels.English;
        var gap = report.ActiveGap;
        Assert.Contains(Drawn(report.SupplierName), page);
        Assert.Contains(Drawn(report.ProcurementName), page);
        Assert.Contains($"Report version {report.Version} — " + (report.Verified ? labels.VerifiedBadge : labels.DeclaredBadge), page);
        var alertLevel = Markup.AlertLevelName(report.Profile, report.ActiveAlertLevel, "en");
        Assert.Contains($"{gap.MissingPoints} missing points at alert level {alertLevel}", page);
        Assert.All(Actors.All, actor => Assert.Contains($" {Markup.ActorName(actor, labels)}: {gap.MissingBy(actor)} ", page));
        Assert.Contains($"Exceeding points: {gap.ExceedingPoints} ", page);
        Assert.Contains($"Uniform level {report.Baseline.BaselineLevel} would require {report.Baseline.Uniform.MissingPoints} more points; "
            + $"this profile saves {report.Baseline.SavedPoints} points.", page);
    }

    [Theory]
    [MemberData(nameof(ReportScenario.ReportNames), MemberType = typeof(ReportScenario))]
    public void Page_one_has_a_row_of_points_for_every_alert_level_with_the_active_one_marked(string name)
    {
        var report = ReportScenario.Report(name);
        using var document = PdfDocument.Open(Pdf(name));
        var page = Words(document.GetPage(1));
        foreach (var variant in report.Gap.Variants)
        {
            var active = variant.AlertLevel == report.ActiveAlertLevel ? " (active)" : "";
            var declared = report.DeclaredGap is { } declaredGap ? $" {declaredGap.Variant(variant.AlertLevel).MissingPoints}" : "";
            var row = $"{Markup.AlertLevelName(report.Profile, variant.AlertLevel, "en")}{active} {variant.MissingPoints}{declared} {variant.ExceedingPoints} "
                + string.Join(" ", Actors.All.Select(variant.MissingBy));
            Assert.Contains(row, page);
        }
    }

    [Theory]
    [MemberData(nameof(ReportScenario.ReportNames), MemberType = typeof(ReportScenario))]
    public void Page_two_draws_the_grid_with_the_22_process_areas_across_and_a_letter_per_cell_from_5_2_down_to_1_1(string name)
    {
        var report = ReportScenario.Report(name);
        using var document = PdfDocument.Open(Pdf(name));
        var rows = LinesOf(document.GetPage(2));
        Assert.Contains(string.Concat(ProcessAreaId.All.Select(pa => pa.Id)), rows);
        var gridRows = CommonFeature.All.Reverse()
            .Select(cf => cf.Id + string.Concat(ProcessAreaId.All.Select(pa => Letter(report.Ratings, new Cell(pa, cf)))))
            .ToArray();
        var start = rows.IndexOf(gridRows[0]);
        Assert.True(start >= 0, $"row 5.2 not found in: {string.Join(" | ", rows)}");
        Assert.Equal(gridRows, rows.Skip(start).Take(CommonFeature.Count));
    }

    [Theory]
    [MemberData(nameof(ReportScenario.ReportNames), MemberType = typeof(ReportScenario))]
    public void The_target_at_the_active_alert_level_is_a_thick_outline_as_tall_as_the_required_cells_of_each_process_area(string name)
    {
        var report = ReportScenario.Report(name);
        using var document = PdfDocument.Open(Pdf(name));
        var operations = document.GetPage(2).Operations;
        // Rectangles only stroked (not filled) while the line width is 2.
        var lineWidth = 1.0;
        var stroked = new List<AppendRectangle>();
        for (var i = 0; i + 1 < operations.Count; i++)
        {
            lineWidth = operations[i] is SetLineWidth set ? (double)set.Width : lineWidth;
            if (operations[i] is AppendRectangle rectangle && operations[i + 1] is StrokePath && lineWidth == 2)
            {
                stroked.Add(rectangle);
            }
        }
        var outlines = stroked
            .Where(r => r.Width > 10) // not the legend's swatch
            .OrderBy(r => r.LowerLeftX)
            .ToArray();
        var expected = report.ActiveGap.ProcessAreas.Where(g => g.Target > 0).ToArray();
        Assert.Equal(expected.Length, outlines.Length);
        foreach (var (gap, outline) in expected.Zip(outlines))
        {
            Assert.Equal(CommonFeature.UpToLevel(gap.Target).Count() * 15 - 3, (double)outline.Height, 3);
        }
    }

    [Fact]
    public void The_grid_page_names_every_process_area_with_its_actor_target_and_achieved_level()
    {
        var report = Scenario.V1;
        using var document = PdfDocument.Open(Pdf("declared"));
        var page = Words(document.GetPage(2));
        foreach (var gap in report.ActiveGap.ProcessAreas)
        {
            Assert.Contains($" {gap.ProcessArea.Id} {Scenario.Catalog[gap.ProcessArea].Name.En} {Markup.ActorName(gap.Actor, ReportLabels.English)} "
                + $"{gap.Target} {gap.Achieved} {gap.MissingPoints} ", page);
        }
    }

    [Fact]
    public void A_long_action_plan_runs_over_several_pages_and_loses_no_action()
    {
        var report = LongReport.Value;
        Assert.Equal(Cell.Count, report.ActionPlan.Total);
        using var document = PdfDocument.Open(LongPdf.Value);
        Assert.True(document.NumberOfPages > 8, $"{document.NumberOfPages} pages");
        var text = string.Join(" ", document.GetPages().Select(Words));
        foreach (var actor in Actors.All)
        {
            Assert.Contains($" {Markup.ActorName(actor, ReportLabels.English)}: {report.ActionPlan.TotalFor(actor)} actions ", text);
            foreach (var (item, i) in report.ActionPlan.For(actor).Select((item, i) => (item, i)))
            {
                Assert.Contains($" {i + 1}. {item.ProcessArea.Id.Id} {item.ProcessArea.Name.En} · {item.CommonFeature.Id.Id} {item.CommonFeature.Name.En} ", text);
            }
        }
    }

    [Fact]
    public void Actions_that_close_a_level_say_so_and_practices_are_listed_by_id()
    {
        var report = Scenario.V1;
        using var document = PdfDocument.Open(Pdf("declared"));
        var text = string.Join(" ", document.GetPages().Select(Words));
        var closing = report.ActionPlan.Items.First(i => i.ClosesLevel);
        Assert.Contains($"helps reach level {closing.Level} — closes level {closing.Level} — current rating: ", text);
        Assert.Contains($"Generic practices: {string.Join(", ", closing.GenericPractices.Select(gp => gp.Id))}", text);
        var security = report.ActionPlan.Items.First(i => i.BasePractices.Count > 0);
        Assert.Contains($"Base practices: {string.Join(", ", security.BasePractices.Select(bp => bp.Id))}", text);
    }

    [Fact]
    public void Cells_no_answer_covered_are_listed_by_process_area_for_the_on_site_visit()
    {
        var report = ReportScenario.PartlyCovered;
        using var document = PdfDocument.Open(Pdf("partly covered"));
        var text = string.Join(" ", document.GetPages().Select(Words));
        Assert.Contains(ReportLabels.English.ChecklistIntro, text);
        foreach (var pa in ReportScenario.Uncovered)
        {
            var cells = string.Join(" · ", CommonFeature.All.Select(cf => $"{cf.Id} {Scenario.Catalog[cf].Name.En}"));
            Assert.Contains($" {pa.Id} {Scenario.Catalog[pa].Name.En} {cells} ", text);
        }
        Assert.Equal(ReportScenario.Uncovered.Length * CommonFeature.Count, report.NotCovered.Count);
    }

    [Fact]
    public void A_verified_report_lists_the_experts_corrections_declared_then_verified_with_the_note()
    {
        var report = Scenario.V2;
        using var document = PdfDocument.Open(Pdf("verified"));
        var text = string.Join(" ", document.GetPages().Select(Words));
        var drawn = Squeezed(string.Concat(document.GetPages().Select(p => p.Text))); // drawing order: a cell's lines together
        Assert.Contains("The expert's corrections", text);
        foreach (var correction in report.Overrides)
        {
            var declared = Scenario.V1.Ratings.IsCovered(correction.Cell) ? Markup.LetterAndPercent(Scenario.V1.Ratings[correction.Cell]) : "not covered";
            Assert.Contains($" {correction.Cell} ", text);
            Assert.Contains($" {declared} {Markup.LetterAndPercent(correction.Rating)} ", text);
            Assert.Contains(Squeezed(correction.Note), drawn);
        }
        using var declaredOnly = PdfDocument.Open(Pdf("declared"));
        Assert.DoesNotContain("The expert's corrections", string.Join(" ", declaredOnly.GetPages().Select(Words)));
    }

    [Fact]
    public void A_supplier_name_in_greek_french_and_polish_reads_back_exactly_from_the_pdf()
    {
        const string name = "Ελληνική Φιλοξενία – Société « Hébergement » ŁÓDŹ";
        var bytes = ReportPdf.Render(Scenario.V1 with { SupplierName = name }, Scenario.Catalog);
        using var document = PdfDocument.Open(bytes);
        Assert.Contains($" {name} ", Words(document.GetPage(1)));
        Assert.Contains(name, document.GetPage(1).Text);
    }

    [Fact]
    public void Cyrillic_ligatures_and_cjk_letters_are_drawn_and_read_back_and_only_a_letter_no_font_has_becomes_a_box()
    {
        var report = Scenario.V1 with { SupplierName = "Société 東京 ✓ 😀", ProcurementName = "Хостинг «Север» ﬁnances Œuvre" };
        using var document = PdfDocument.Open(ReportPdf.Render(report, Scenario.Catalog));
        var page = Words(document.GetPage(1));
        Assert.Contains(" Société 東京 ✓ □ ", page);
        Assert.Contains(" Хостинг «Север» ﬁnances Œuvre ", page);
        Assert.DoesNotContain("?", document.GetPage(1).Text);
    }

    [Fact]
    public void Letters_of_each_face_read_back_on_every_page_in_the_face_that_has_them()
    {
        // The name is drawn on page 1 (bold at the top, regular in the fields) and in every page's footer: the text
        // is written as glyph codes of the embedded fonts, so each of them must be in the subset and the ToUnicode map.
        const string name = "Ωμέγα Привет 東京 Société";
        using var document = PdfDocument.Open(ReportPdf.Render(Scenario.V1 with { SupplierName = name }, Scenario.Catalog));
        Assert.All(document.GetPages(), page => Assert.Contains($" {name} ", Words(page)));
        var letters = document.GetPage(1).Letters;
        string FaceOf(string value, bool bold) => letters.First(l => l.Value == value && (l.FontName ?? "").EndsWith(",Bold") == bold).FontName ?? "";
        Assert.Matches("^[A-Z]{6}\\+DejaVu Sans,Bold$", FaceOf("Ω", bold: true));
        Assert.Matches("^[A-Z]{6}\\+DejaVu Sans$", FaceOf("П", bold: false));
        Assert.Matches("^[A-Z]{6}\\+DejaVu Sans$", FaceOf("é", bold: false));
        Assert.Matches("^[A-Z]{6}\\+Droid Sans Fallback$", letters.First(l => l.Value == "東").FontName ?? "");
    }

    [Fact]
    public void The_pdf_embeds_subset_unicode_truetype_fonts_and_no_standard_14_font()
    {
        var bytes = Pdf("declared");
        using var document = PdfDocument.Open(bytes);
        var raw = Encoding.Latin1.GetString(bytes);
        Assert.Contains("/Identity-H", raw);
        Assert.Contains("/FontFile2", raw);
        Assert.Contains("/ToUnicode", raw);
        Assert.DoesNotContain("/Helvetica", raw);
        // The DejaVu Sans files weigh 1.4 MB together: a subset of the letters used is far smaller.
        Assert.InRange(bytes.Length, 1, 400_000);
        // A subset font's name carries a six-letter tag: "ABCDEF+DejaVu Sans".
        Assert.All(document.GetPage(1).Letters, letter => Assert.Matches("^[A-Z]{6}\\+DejaVu Sans", letter.FontName));
    }

    [Fact]
    public void Hostile_text_in_names_and_notes_is_wrapped_or_cut_never_lost_off_the_page()
    {
        using var document = PdfDocument.Open(HostilePdf.Value);
        var text = Squeezed(string.Concat(document.GetPages().Select(p => p.Text)));
        Assert.Contains(Squeezed(Drawn(HostileName)), text);
        Assert.Contains(Squeezed(Drawn(HostileNote)), text);
    }

    [Fact]
    public void In_french_the_labels_are_french_with_every_accent()
    {
        var bytes = ReportPdf.Render(Scenario.V1, Scenario.Catalog, "fr");
        using var document = PdfDocument.Open(bytes);
        var page = Words(document.GetPage(1));
        Assert.Contains("Synthèse", page);
        Assert.Contains("Rapport de capacité en sécurité", page);
        Assert.Contains("Rapport version 1 — Déclaré par le fournisseur", page);
        var text = string.Join(" ", document.GetPages().Select(Words));
        Assert.Contains("Évaluer", text);
    }

    [Theory]
    [InlineData("Hosting & Co <b>", "Hosting & Co <b>")]
    [InlineData("Évaluer l'impact, Société Générale", "Évaluer l'impact, Société Générale")]
    [InlineData("Łódź Œuvre — « ok » … ﬁn", "Łódź Œuvre — « ok » … ﬁn")]
    [InlineData("Ελληνική Хостинг", "Ελληνική Хостинг")]
    [InlineData("東京 ✓😀", "東京 ✓□")]
    [InlineData("10 € × 2\u00A0%", "10 € × 2\u00A0%")]
    [InlineData("soft\u00ADhyphen zero\u200Bwidth", "softhyphen zerowidth")]
    [InlineData("line\r\nbreak\ttab", "line  break tab")]
    public void Text_keeps_every_letter_a_font_has_and_boxes_only_what_none_has(string text, string drawable) =>
        Assert.Equal(drawable, ReportPdfText.ToDrawable(text));

    [Fact]
    public void Any_character_comes_out_drawable()
    {
        for (var c = 0; c <= char.MaxValue; c++)
        {
            Assert.True(ReportPdfText.IsDrawable(ReportPdfText.ToDrawable(((char)c).ToString())), $"U+{c:X4}");
        }
    }

    private const string HostileName = "Hosting & Co " + ReportScenario.ScriptAttack + " Société 東京 ✓ "
        + "Averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongwordwithoutanyspaceatallthatcannotwrap";

    private const string HostileNote = "Seen on site:\nline two\r\nline three with a long list, " + "of many words, " + "again and again; "
        + "Très bien — 10 € — ✓";

    private static readonly Lazy<byte[]> HostilePdf = new(() =>
    {
        var v2 = Scenario.V2;
        var report = v2 with
        {
            SupplierName = HostileName,
            ProcurementName = HostileName,
            Overrides = [.. v2.Overrides.Select(o => o with { Note = HostileNote + " " + string.Concat(Enumerable.Repeat("more text ", 80)), ExpertId = HostileName })],
        };
        return ReportPdf.Render(report, Scenario.Catalog);
    });

    /// <summary>What the PDF shows for a text, whitespace collapsed.</summary>
    private static string Drawn(string text) => Regex.Replace(ReportPdfText.ToDrawable(text), "\\s+", " ").Trim();

    private static string Squeezed(string text) => Regex.Replace(text, "\\s+", "");

    /// <summary>The page's words in reading order, separated by single spaces (with a space at both ends).</summary>
    private static string Words(Page page) => " " + string.Join(" ", page.GetWords().Select(w => w.Text)) + " ";

    /// <summary>The letters of each baseline, left to right, spaces dropped: one string per line, top to bottom.</summary>
    private static List<string> LinesOf(Page page) => page.Letters
        .Where(l => !string.IsNullOrWhiteSpace(l.Value))
        .GroupBy(l => Math.Round(l.StartBaseLine.Y, 1))
        .OrderByDescending(g => g.Key)
        .Select(g => string.Concat(g.OrderBy(l => l.StartBaseLine.X).Select(l => l.Value)))
        .ToList();

    private static string Letter(RatingGrid ratings, Cell cell) => ratings.IsCovered(cell) ? ratings[cell].Letter.ToString() : "–";
}

/// <summary>
/// A supplier who has nothing in place against a profile that asks for level 5 everywhere: every one of the 264 cells
/// is an action. The odd process areas are answered (all N), the even ones are not covered.
/// </summary>
internal static class EveryCellMissing
{
    public static AssessmentReport Report(ModelCatalog catalog)
    {
        var profile = ConfidenceProfile.Uniform(5);
        var procurement = Procurement.Create("proc-3", "pm-1", "Data centre 2026", "pm@example.org", profile, null, null, ReportScenario.InvitedAt);
        var ratings = RatingGrid.From(Cell.All.Where(c => c.ProcessArea.Number % 2 == 1)
            .Select(c => KeyValuePair.Create(c, Rating.FromPercent(10))));
        var assessment = new Assessment(procurement.Id, "assessment-3", "Nothing Yet Ltd", "it@nothing.example", ShippedData.CurrentTemplate.Key,
            AssessmentState.Scored, "stored-hash", ReportScenario.InvitedAt.AddDays(30), linkRevoked: false, ReportScenario.InvitedAt, Answers.None, ratings);
        return AssessmentReport.Create(procurement, assessment, profile, catalog, 1, verified: false, ReportScenario.FirstReportAt);
    }
}
