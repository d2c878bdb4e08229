using System.Text;
using SupplierAssessment.Adapters.Reports;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Questionnaires;
using SupplierAssessment.Domain.Reports;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Adapters.Tests.Reports;

public class ComparisonSheetTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly ConfidenceProfile Government = ShippedData.Profile("government-web-hosting");
    private const int Columns = 3 + 3 * 22 + 1;

    /// <summary>Three bidders: one strong everywhere, one weak (every PA at level 1, a hostile name), one not scored yet.</summary>
    private static BidderComparison Comparison(string alertLevel = "normal")
    {
        var procurement = Procurement.Create("proc-1", "pm", "Portal hosting", "pm@buyer.example", Government, alertLevel, null, Now);
        return BidderComparison.Of(procurement, Government,
        [
            Bidder("a-weak", "=HYPERLINK(\"http://x.example\"), Ltd", 1),
            Bidder("a-strong", "Northwind Hosting", 4),
            Bidder("a-wait", "Adventure Works", null),
        ]);
    }

    private static Assessment Bidder(string id, string name, int? level) =>
        new("proc-1", id, name, $"sec@{id}.example", ShippedData.CurrentTemplate.Key, level is null ? AssessmentState.Invited : AssessmentState.Reported,
            "hash", Now.AddDays(30), false, Now, Answers.None,
            level is { } l
                ? RatingGrid.From(ProcessAreaId.All.SelectMany(pa => CommonFeature.UpToLevel(l).Select(cf => KeyValuePair.Create(new Cell(pa, cf), Rating.FromLetter(RatingLetter.F)))))
                : null,
            reportVersion: level is null ? 0 : 1);

    [Fact]
    public void The_xlsx_read_back_with_the_open_xml_sdk_has_one_header_row_and_one_row_per_bidder_with_the_figures_as_numbers()
    {
        var comparison = Comparison();

        var rows = Spreadsheets.ReadXlsx(ComparisonXlsx.Render(comparison));

        Assert.Equal(1 + comparison.Bidders.Count, rows.Count);
        Assert.Equal(ComparisonSheet.Headers(), rows[0].Select(c => c!.Text));
        Assert.All(rows[0], c => Assert.False(c!.IsNumber));
        foreach (var (bidder, row) in comparison.Bidders.Zip(rows.Skip(1)))
        {
            Assert.Equal(bidder.SupplierName, row[1]!.Text);
            Assert.False(row[1]!.IsNumber); // a name, never a formula
            Assert.Equal(ComparisonSheet.Status(bidder), row[2]!.Text);
            if (bidder.Waiting)
            {
                Assert.Null(row[0]);
                Assert.Equal(3, row.Length); // no figure at all
                continue;
            }
            Assert.Equal(Columns, row.Length);
            Assert.Equal(new SheetCell(bidder.Rank!.Value.ToString(), true), row[0]);
            foreach (var pa in BidderComparison.ProcessAreas)
            {
                var gap = bidder[pa]!.Value;
                var at = 3 + 3 * pa.Index;
                Assert.Equal(new SheetCell(gap.Achieved.ToString(), true), row[at]);
                Assert.Equal(new SheetCell(gap.Target.ToString(), true), row[at + 1]);
                Assert.Equal(new SheetCell(gap.MissingPoints.ToString(), true), row[at + 2]);
            }
            Assert.Equal(new SheetCell(bidder.MissingPoints!.Value.ToString(), true), row[^1]);
        }
    }

    [Fact]
    public void The_weak_bidder_misses_points_in_the_xlsx_where_the_profile_asks_more_than_level_1_and_the_strong_one_none()
    {
        var comparison = Comparison();
        var rows = Spreadsheets.ReadXlsx(ComparisonXlsx.Render(comparison));

        Assert.Equal(["Northwind Hosting", "=HYPERLINK(\"http://x.example\"), Ltd", "Adventure Works"], rows.Skip(1).Select(r => r[1]!.Text));
        var strong = rows[1];
        var weak = rows[2];
        Assert.Equal("0", strong[^1]!.Text);
        var targets = comparison.Targets;
        var expected = targets.Sum(t => CommonFeature.UpToLevel(t).Count(cf => cf.Level > 1));
        Assert.True(expected > 0, "the government profile asks more than level 1 somewhere at normal");
        Assert.Equal(expected.ToString(), weak[^1]!.Text);
        Assert.All(BidderComparison.ProcessAreas, pa => Assert.Equal("1", weak[3 + 3 * pa.Index]!.Text));
    }

    [Fact]
    public void The_csv_carries_the_same_cells_as_the_xlsx_and_a_name_that_looks_like_a_formula_is_neutralised()
    {
        var comparison = Comparison();
        var xlsx = Spreadsheets.ReadXlsx(ComparisonXlsx.Render(comparison));

        var csv = Spreadsheets.ParseCsv(ComparisonCsv.Render(comparison));

        Assert.Equal(xlsx.Count, csv.Count);
        Assert.All(csv, row => Assert.Equal(Columns, row.Count));
        Assert.Equal("'=HYPERLINK(\"http://x.example\"), Ltd", csv[2][1]);
        for (var r = 0; r < csv.Count; r++)
        {
            for (var c = 0; c < Columns; c++)
            {
                var expected = c < xlsx[r].Length ? xlsx[r][c]?.Text ?? "" : "";
                Assert.Equal(c == 1 && r == 2 ? "'" + expected : expected, csv[r][c]);
            }
        }
    }

    [Fact]
    public void Headers_and_statuses_follow_the_language()
    {
        var comparison = Comparison();

        var french = Spreadsheets.ParseCsv(ComparisonCsv.Render(comparison, "fr"));

        Assert.Equal(["Rang", "Fournisseur", "Statut", "PA01 niveau atteint", "PA01 cible", "PA01 points manquants"], french[0].Take(6));
        Assert.Equal("Total des points manquants", french[0][^1]);
        Assert.Equal(["déclaré", "déclaré", "en attente"], french.Skip(1).Select(r => r[2]));
        Assert.Equal("Comparaison", SheetName(ComparisonXlsx.Render(comparison, "fr")));
    }

    [Fact]
    public void Targets_follow_the_active_alert_level()
    {
        var normal = Spreadsheets.ReadXlsx(ComparisonXlsx.Render(Comparison("normal")));
        var high = Spreadsheets.ReadXlsx(ComparisonXlsx.Render(Comparison("high")));

        var targetsAt = (List<SheetCell?[]> rows) => BidderComparison.ProcessAreas.Select(pa => int.Parse(rows[1][3 + 3 * pa.Index + 1]!.Text)).ToArray();
        Assert.Equal(Government.Targets("normal"), targetsAt(normal));
        Assert.Equal(Government.Targets("high"), targetsAt(high));
        Assert.NotEqual(targetsAt(normal), targetsAt(high));
    }

    [Fact]
    public void Text_xml_cannot_hold_is_left_out_and_an_emoji_is_kept()
    {
        Assert.Equal("Nord😀Ouest", ComparisonXlsx.XmlText("Nord\u0001😀Ouest\uD800"));
    }

    [Theory]
    [InlineData("Portal hosting", "normal", "Portal hosting-comparison-normal.xlsx", "portal-hosting-comparison-normal.xlsx")]
    [InlineData("Hébergement « portail »/2027", "very high", "Hébergement « portail »2027-comparison-very-high.xlsx", "hebergement-portail-2027-comparison-very-high.xlsx")]
    public void The_file_name_is_the_procurements_with_the_alert_level(string procurement, string alertLevel, string unicode, string ascii)
    {
        Assert.Equal(new DownloadName(unicode, ascii), ComparisonSheet.FileName(procurement, alertLevel, "xlsx"));
    }

    [Fact]
    public void Column_names_run_from_A_to_Z_then_AA()
    {
        Assert.Equal(["A", "Z", "AA", "AZ", "BA", "BT"], new[] { 0, 25, 26, 51, 52, 71 }.Select(ComparisonXlsx.ColumnName));
        Assert.Equal(71, Spreadsheets.Column("BT12"));
    }

    private static string SheetName(byte[] workbook)
    {
        using var stream = new MemoryStream(workbook);
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(stream, false);
        return document.WorkbookPart!.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>().Single().Name!.Value!;
    }
}
