using System.Text.Json.Nodes;
using SupplierAssessment.Adapters.Reports;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Reports;
using UglyToad.PdfPig;

namespace SupplierAssessment.Adapters.Tests.Reports;

/// <summary>The report's "Earlier assessment" section (issue 10 part 6) in the JSON, the HTML page and the PDF.</summary>
public class ReportHistoryTests
{
    private static readonly ReportScenario Scenario = ReportScenario.Instance;
    private const string EarlierName = "Ministry web sites 2024 " + ReportScenario.ImgAttack;

    /// <summary>Last year the supplier reached level 1 in every process area, nothing more.</summary>
    private static readonly RatingGrid LastYear = RatingGrid.From(ProcessAreaId.All.Select(pa =>
        KeyValuePair.Create(new Cell(pa, CommonFeature.Parse("1.1")), Rating.FromPercent(100))));

    private static AssessmentReport WithEarlier => Scenario.V1.WithEarlier(
        new EarlierAssessmentFacts("proc-0", EarlierName, "a-0", new DateTimeOffset(2024, 5, 6, 9, 0, 0, TimeSpan.Zero), LastYear));

    [Fact]
    public void The_json_carries_both_levels_per_process_area_and_reads_back_to_the_same_section()
    {
        var report = WithEarlier;
        var json = JsonNode.Parse(ReportJson.Serialize(report))!;
        var section = json["earlierAssessment"]!;
        var pa01 = section["processAreas"]!.AsArray().Single(p => (string)p!["id"]! == "PA01")!;

        Assert.Equal((EarlierName, "a-0", "normal"), ((string)section["procurement"]!["name"]!, (string)section["assessmentId"]!, (string)section["alertLevel"]!));
        Assert.Equal(1, (int)pa01["earlierLevel"]!);
        Assert.Equal(report.Gap.AchievedLevel(ProcessAreaId.Parse("PA01")), (int)pa01["todayLevel"]!);
        Assert.Equal(report.ActiveGap.MissingPoints, (int)section["todayMissingPoints"]!);

        var read = ReportJson.Read(ReportJson.Serialize(report), report.Profile, Scenario.Catalog);
        Assert.Equal(report.Earlier!.Progress.ProcessAreas, read.Earlier!.Progress.ProcessAreas);
        Assert.Equal((EarlierName, report.Earlier.Assessment.AssessedAt), (read.Earlier.Assessment.ProcurementName, read.Earlier.Assessment.AssessedAt));
    }

    [Fact]
    public void A_report_without_an_earlier_assessment_has_no_section()
    {
        Assert.Null(JsonNode.Parse(ReportJson.Serialize(Scenario.V1))!["earlierAssessment"]);
        Assert.DoesNotContain("earlier-assessment", ReportHtml.Render(Scenario.V1, Scenario.Catalog));
        Assert.Null(ReportJson.Read(ReportJson.Serialize(Scenario.V1), Scenario.V1.Profile, Scenario.Catalog).Earlier);
    }

    [Theory]
    [InlineData("en", "Earlier assessment", "Missing points:")]
    [InlineData("fr", "Évaluation précédente", "Points manquants")]
    public void The_html_and_the_pdf_show_the_section_in_the_readers_language_with_the_name_encoded(string language, string heading, string points)
    {
        var html = ReportHtml.Render(WithEarlier, Scenario.Catalog, language);
        Assert.Contains($"<section id=\"earlier-assessment\" data-procurement=\"proc-0\" data-assessment=\"a-0\"><h2>{heading}</h2>", html);
        Assert.Contains("<tr data-process-area=\"PA22\">", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains(points, html);

        using var pdf = PdfDocument.Open(ReportPdf.Render(WithEarlier, Scenario.Catalog, language));
        var text = string.Join("\n", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        Assert.Contains(heading, text);
        Assert.Contains("Ministry web sites 2024", text);
    }
}
