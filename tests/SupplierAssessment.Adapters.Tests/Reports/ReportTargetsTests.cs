using System.Text.Json.Nodes;
using SupplierAssessment.Adapters.Reports;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Reports;
using UglyToad.PdfPig;

namespace SupplierAssessment.Adapters.Tests.Reports;

/// <summary>The reports' section "Targets set for this procurement" (issue 10, part 4): only when targets were adjusted.</summary>
public class ReportTargetsTests
{
    private const string Reason = "Card payments are hosted here " + ReportScenario.ScriptAttack;

    private static ReportScenario Scenario => ReportScenario.Instance;

    private static readonly ProcessAreaId Pa08 = ProcessAreaId.Parse("PA08");

    /// <summary>The declared report of a procurement whose PA08 target at normal is 5 instead of the profile's 2.</summary>
    private static readonly Lazy<AssessmentReport> Adjusted = new(() =>
    {
        AdjustedTarget[] adjustments = [new AdjustedTarget(Pa08, "normal", 2, 5, Reason)];
        var pinned = ProcurementTargets.Pin(Scenario.Profile, "proc-1", adjustments);
        var v1 = Scenario.V1;
        return AssessmentReport.From(
            new ReportHeader(v1.Version, v1.CreatedAt, v1.ProcurementId, v1.ProcurementName, v1.AssessmentId, v1.SupplierName, v1.TemplateKey),
            pinned, v1.ActiveAlertLevel, v1.Baseline.BaselineLevel, v1.Ratings, null, [], Scenario.Catalog, v1.Findings, adjustments);
    });

    [Fact]
    public void Html_lists_each_adjusted_target_with_the_profile_target_and_the_reason_encoded()
    {
        var html = ReportHtml.Render(Adjusted.Value, Scenario.Catalog);
        var section = Html.Between(html, "<section id=\"procurement-targets\">", "</section>");
        Assert.Contains("Targets set for this procurement", section);
        Assert.Contains("<tr data-pa=\"PA08\" data-alert-level=\"normal\">", section);
        Assert.Contains("<td class=\"num\" data-metric=\"profile-target\">2</td><td class=\"num\" data-metric=\"target\">5</td>", section);
        Assert.Contains(Html.Encode(Reason), section);
        Html.HasNoRawMarkupFromUsers(html);
        Assert.Contains("version " + Html.Encode("1+procurement.proc-1"), html);
        // Measured against the adjusted target: the gap's PA08 target at normal is 5.
        Assert.Equal(5, Adjusted.Value.Gap.Variant("normal").ProcessAreas[Pa08.Index].Target);
    }

    [Fact]
    public void Html_in_french_names_the_section_in_french()
    {
        var html = ReportHtml.Render(Adjusted.Value, Scenario.Catalog, "fr");
        Assert.Contains("Cibles fixées pour cette consultation", html);
    }

    [Fact]
    public void A_report_without_adjusted_targets_has_no_such_section()
    {
        var html = ReportHtml.Render(Scenario.V1, Scenario.Catalog);
        Assert.DoesNotContain("procurement-targets", html);
        Assert.Null(JsonNode.Parse(ReportJson.Serialize(Scenario.V1))!["targetAdjustments"]);
        Assert.Equal("1", (string)JsonNode.Parse(ReportJson.Serialize(Scenario.V1))!["profile"]!["versionLabel"]!);
    }

    [Fact]
    public void Json_lists_the_adjusted_targets_and_reads_them_back()
    {
        var json = ReportJson.Serialize(Adjusted.Value);
        var root = JsonNode.Parse(json)!;
        var item = root["targetAdjustments"]!.AsArray().Single()!;
        Assert.Equal(("PA08", "normal", 2, 5, Reason),
            ((string)item["processArea"]!, (string)item["alertLevel"]!, (int)item["profileTarget"]!, (int)item["target"]!, (string)item["reason"]!));
        Assert.Equal("1+procurement.proc-1", (string)root["profile"]!["versionLabel"]!);
        Assert.Equal(5, (int)root["gap"]!["variants"]![0]!["processAreas"]![Pa08.Index]!["target"]!);

        var read = ReportJson.Read(json, Adjusted.Value.Profile, Scenario.Catalog);
        Assert.Equal(Adjusted.Value.AdjustedTargets, read.AdjustedTargets);
    }

    [Fact]
    public void Pdf_has_the_section_with_the_reason()
    {
        using var document = PdfDocument.Open(ReportPdf.Render(Adjusted.Value, Scenario.Catalog));
        var text = string.Concat(document.GetPages().Select(p => p.Text));
        Assert.Contains("Targets set for this procurement", text);
        Assert.Contains("Card payments are hosted here", text);
        using var plain = PdfDocument.Open(ReportPdf.Render(Scenario.V1, Scenario.Catalog));
        Assert.DoesNotContain("Targets set for this procurement", string.Concat(plain.GetPages().Select(p => p.Text)));
    }
}
