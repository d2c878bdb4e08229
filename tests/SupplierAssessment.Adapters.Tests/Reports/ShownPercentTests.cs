using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using SupplierAssessment.Adapters.Reports;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Events;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Questionnaires;
using SupplierAssessment.Domain.Reports;
using UglyToad.PdfPig;

namespace SupplierAssessment.Adapters.Tests.Reports;

/// <summary>
/// Issue #12 item 6: a cell at 50.04 % was shown "L (50 %)" next to "P (50 %)" for 50. Every report format shows a
/// percentage that reads as the letter beside it (DESIGN §2.2 rule 1), at the boundaries of every band.
/// </summary>
public partial class ShownPercentTests
{
    private static readonly Lazy<(AssessmentReport Declared, AssessmentReport Verified)> Reports = new(BoundaryReports);

    // The supplier's ratings, one cell per boundary case; every other cell is 100 %.
    private static readonly (Cell Cell, double Percent)[] Declared =
    [
        (At("PA01", "1.1"), 0),
        (At("PA01", "2.1"), 15),
        (At("PA01", "2.2"), 15.04),
        (At("PA01", "2.3"), 15.5),
        (At("PA01", "2.4"), 50),
        (At("PA02", "1.1"), 50.04),
        (At("PA02", "2.1"), 50.5),
        (At("PA02", "2.2"), 85),
        (At("PA02", "2.3"), 85.04),
        (At("PA02", "2.4"), 49.96),
    ];

    // The expert's corrections: across each boundary, so that both sides stand in one corrections table.
    private static readonly (Cell Cell, double Percent)[] Corrections =
    [
        (At("PA01", "2.1"), 15.04), // N (15 %) → P (15.04 %)
        (At("PA01", "2.4"), 50.04), // P (50 %) → L (50.04 %): the example
        (At("PA02", "1.1"), 50),    // L (50.04 %) → P (50 %)
        (At("PA02", "2.2"), 85.04), // L (85 %) → F (85.04 %)
        (At("PA02", "2.3"), 85),    // F (85.04 %) → L (85 %)
    ];

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    public void Report_html_shows_every_percentage_as_its_letter_reads_it(string language)
    {
        var (declared, verified) = Reports.Value;
        var html = Decimal(ReportHtml.Render(verified, ShippedData.Catalog, language) + ReportHtml.Render(declared, ShippedData.Catalog, language), language);

        AllAgree(html);
        // The corrections table: the example beside the value it was confused with, and every boundary.
        Assert.Contains("<span class=\"letter r-P\">P</span> 50 %", html);
        Assert.Contains("<span class=\"letter r-L\">L</span> 50.04 %", html);
        Assert.Contains("<span class=\"letter r-N\">N</span> 15 %", html);
        Assert.Contains("<span class=\"letter r-P\">P</span> 15.04 %", html);
        Assert.Contains("<span class=\"letter r-L\">L</span> 85 %", html);
        Assert.Contains("<span class=\"letter r-F\">F</span> 85.04 %", html);
        // The grid's cell titles and the action plan: whole numbers where rounding keeps the band.
        Assert.Contains("P (16 %)", html);
        Assert.Contains("L (51 %)", html);
        Assert.Contains("P (50 %)", html); // 49.96
        Assert.Contains("N (0 %)", html);
        Assert.Contains("F (100 %)", html);
        Assert.DoesNotContain("L (50 %)", html);
        Assert.DoesNotContain("F (85 %)", html);
        Assert.DoesNotContain("P (15 %)", html);
    }

    [Fact]
    public void Pdf_shows_every_percentage_as_its_letter_reads_it()
    {
        var (_, verified) = Reports.Value;
        using var document = PdfDocument.Open(ReportPdf.Render(verified, ShippedData.Catalog));
        var text = string.Join(" ", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));

        AllAgree(text);
        Assert.Contains("P (50 %) L (50.04 %)", text);  // the corrections, declared then verified
        Assert.Contains("L (50.04 %) P (50 %)", text);
        Assert.Contains("N (15 %) P (15.04 %)", text);
        Assert.Contains("L (85 %) F (85.04 %)", text);
        Assert.Contains("F (85.04 %) L (85 %)", text);
        Assert.Contains("P (16 %)", text);               // 15.5 in the action plan
        Assert.DoesNotContain("L (50 %)", text);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    public void Email_html_and_text_show_every_percentage_as_its_letter_reads_it(string language)
    {
        var (declared, verified) = Reports.Value;
        foreach (var report in new[] { declared, verified })
        {
            var email = ReportEmail.Render(report, ShippedData.Catalog, ReportScenario.ReportLink, language);
            AllAgree(email.Html);
            AllAgree(email.Text);
        }
        var v2 = ReportEmail.Render(verified, ShippedData.Catalog, ReportScenario.ReportLink, language);
        v2 = v2 with { Html = Decimal(v2.Html, language), Text = Decimal(v2.Text, language) };
        Assert.Contains("P (15.04 %)", v2.Text);  // the corrected cell, still an action
        Assert.Contains("P (16 %)", v2.Text);
        Assert.Contains("P (50 %)", v2.Html);     // the cell corrected down from 50.04
        Assert.Contains("P (15.04 %)", v2.Html);
        Assert.Contains("N (0 %)", v2.Html);
    }

    [Fact]
    public void Csv_shows_the_letter_alone_and_it_is_the_percentages_letter()
    {
        var (declared, _) = Reports.Value;
        var csv = ActionPlanCsv.Render(declared, ShippedData.Catalog);
        Assert.Contains(",PA01,", csv);
        Assert.Matches(",2\\.1,[^\\n]*,2,(yes|no),N,", csv);  // 15 %
        Assert.Matches(",2\\.2,[^\\n]*,2,(yes|no),P,", csv);  // 15.04 %
        Assert.DoesNotContain(" %", csv);
    }

    [Fact]
    public void Json_keeps_the_exact_percentage_with_its_letter()
    {
        var (_, verified) = Reports.Value;
        var json = JsonNode.Parse(ReportJson.Serialize(verified))!;
        var cell = json["ratings"]!["PA01"]!["2.4"]!;
        Assert.Equal(50.04, (double)cell["percent"]!);
        Assert.Equal("L", (string)cell["letter"]!);
        var back = ReportJson.Read(ReportJson.Serialize(verified), verified.Profile, ShippedData.Catalog);
        Assert.Equal("L (50.04 %)", back.Ratings[At("PA01", "2.4")].ToString());
    }

    /// <summary>Every "X (n %)" and every letter badge followed by "n %": the number reads as the letter.</summary>
    /// <summary>
    /// A French document read back with decimal points, after checking that it wrote decimal commas: French
    /// percentages are "50,04 %", and no "50.04 %" is left.
    /// </summary>
    private static string Decimal(string rendered, string language)
    {
        if (language != "fr")
        {
            return rendered;
        }
        Assert.DoesNotMatch("\\d\\.\\d+ %", rendered);
        Assert.Matches("\\d,\\d+ %", rendered);
        return Regex.Replace(rendered, "(\\d),(\\d+ %)", "$1.$2");
    }

    private static void AllAgree(string rendered)
    {
        var shown = LetterAndNumber().Matches(rendered).Concat(Badge().Matches(rendered)).ToList();
        Assert.NotEmpty(shown);
        foreach (var match in shown)
        {
            var percent = double.Parse(match.Groups["n"].Value.Replace(',', '.'), CultureInfo.InvariantCulture);
            Assert.True(Rating.FromPercent(percent).Letter.ToString() == match.Groups["l"].Value,
                $"'{match.Value}': {percent} % is {Rating.FromPercent(percent).Letter}");
        }
    }

    [GeneratedRegex("(?<l>[NPLF]) \\((?<n>\\d+([.,]\\d+)?) %\\)")]
    private static partial Regex LetterAndNumber();

    [GeneratedRegex("r-(?<l>[NPLF])\">[NPLF]</span> (?<n>\\d+([.,]\\d+)?) %")]
    private static partial Regex Badge();

    private static Cell At(string pa, string cf) => new(ProcessAreaId.Parse(pa), CommonFeature.Parse(cf));

    /// <summary>A declared report (v1) with one cell at each boundary, and the verified one (v2) after corrections across them.</summary>
    private static (AssessmentReport, AssessmentReport) BoundaryReports()
    {
        var profile = ShippedData.Profile("government-web-hosting");
        var procurement = Procurement.Create("proc-9", "pm-1", "Boundary hosting", "pm@example.org", profile, "normal", null, ReportScenario.InvitedAt);
        var percents = Declared.ToDictionary(d => d.Cell, d => d.Percent);
        var ratings = RatingGrid.From(Cell.All.Select(c => KeyValuePair.Create(c, Rating.FromPercent(percents.GetValueOrDefault(c, 100)))));
        var assessment = new Assessment(procurement.Id, "assessment-9", "Edge Hosting", "it@edge.example", ShippedData.CurrentTemplate.Key,
            AssessmentState.Scored, "stored-hash", ReportScenario.InvitedAt.AddDays(30), linkRevoked: false, ReportScenario.InvitedAt, Answers.None, ratings);
        var v1 = AssessmentReport.Create(procurement, assessment, profile, ShippedData.Catalog, 1, verified: false, ReportScenario.FirstReportAt);
        assessment.RecordReport(v1, new ReportLinks("https://example.org/v1.json", "https://example.org/v1.pdf"));
        foreach (var (cell, percent) in Corrections)
        {
            assessment.Override(cell, Rating.FromPercent(percent), "Seen on site.", "expert-1", ReportScenario.ReviewAt);
        }
        var version = assessment.Finalize();
        var v2 = AssessmentReport.Create(procurement, assessment, profile, ShippedData.Catalog, version, verified: true, ReportScenario.ReviewAt.AddHours(2));
        return (v1, v2);
    }
}
