using SupplierAssessment.TestSupport;
using System.Text;
using System.Text.Json.Nodes;
using SupplierAssessment.Adapters.Reports;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Catalog;
using SupplierAssessment.Domain.Profiles;

namespace SupplierAssessment.Adapters.Tests.Reports;

public class ActionPlanCsvTests
{
    private static ReportScenario Scenario => ReportScenario.Instance;

    private static readonly string[] EnglishHeader =
    [
        "Actor", "Process area", "Process area name", "Common feature", "Common feature name", "Level", "Closes level",
        "Current rating", "Generic practices", "Base practices",
    ];

    [Theory]
    [MemberData(nameof(ReportScenario.ReportNames), MemberType = typeof(ReportScenario))]
    public void Has_a_header_then_one_row_of_ten_fields_per_action(string name)
    {
        var report = ReportScenario.Report(name);
        var rows = Spreadsheets.ParseCsv(ActionPlanCsv.Render(report, Scenario.Catalog));
        Assert.Equal(EnglishHeader, rows[0]);
        Assert.Equal(report.ActionPlan.Total + 1, rows.Count);
        Assert.All(rows, row => Assert.Equal(10, row.Count));
    }

    [Theory]
    [MemberData(nameof(ReportScenario.ReportNames), MemberType = typeof(ReportScenario))]
    public void Rows_per_actor_add_up_to_the_missing_points_of_that_actor_in_the_plans_order(string name)
    {
        var report = ReportScenario.Report(name);
        var rows = Spreadsheets.ParseCsv(ActionPlanCsv.Render(report, Scenario.Catalog)).Skip(1).ToArray();
        foreach (var actor in Actors.All)
        {
            var actorName = Markup.ActorName(actor, ReportLabels.English);
            var mine = rows.Where(r => r[0] == actorName).Select(r => $"{r[1]}/{r[3]}").ToArray();
            Assert.Equal(report.ActiveGap.MissingBy(actor), mine.Length);
            Assert.Equal(report.ActionPlan.For(actor).Select(i => i.Cell.ToString()), mine);
        }
    }

    [Theory]
    [MemberData(nameof(ReportScenario.ReportNames), MemberType = typeof(ReportScenario))]
    public void Each_row_gives_the_cell_its_level_whether_it_closes_it_the_rating_and_the_practices(string name)
    {
        var report = ReportScenario.Report(name);
        var rows = Spreadsheets.ParseCsv(ActionPlanCsv.Render(report, Scenario.Catalog)).Skip(1).ToDictionary(r => $"{r[1]}/{r[3]}");
        foreach (var item in report.ActionPlan.Items)
        {
            var row = rows[item.Cell.ToString()];
            Assert.Equal(item.ProcessArea.Name.En, row[2]);
            Assert.Equal(item.CommonFeature.Name.En, row[4]);
            Assert.Equal(item.Level.ToString(System.Globalization.CultureInfo.InvariantCulture), row[5]);
            Assert.Equal(item.ClosesLevel ? "yes" : "no", row[6]);
            Assert.Equal(item.Covered ? item.CurrentRating.Letter.ToString() : "not covered", row[7]);
            Assert.Equal(string.Join("; ", item.GenericPractices.Select(gp => gp.Id)), row[8]);
            Assert.Equal(string.Join("; ", item.BasePractices.Select(bp => bp.Id)), row[9]);
        }
        Assert.Contains(rows.Values, r => r[6] == "yes");
        Assert.Contains(rows.Values, r => r[9].Contains("; ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_plan_with_uncovered_cells_says_not_covered_instead_of_a_letter()
    {
        var rows = Spreadsheets.ParseCsv(ActionPlanCsv.Render(ReportScenario.PartlyCovered, Scenario.Catalog)).Skip(1).ToArray();
        Assert.Contains(rows, r => r[7] == "not covered" && ReportScenario.Uncovered.Any(pa => pa.Id == r[1]));
        Assert.Contains(rows, r => r[7] == "N");
    }

    [Fact]
    public void Lines_end_with_CRLF_and_there_is_no_byte_order_mark()
    {
        var csv = ActionPlanCsv.Render(Scenario.V1, Scenario.Catalog);
        Assert.NotEqual('\uFEFF', csv[0]);
        Assert.EndsWith("\r\n", csv, StringComparison.Ordinal);
        Assert.Equal(Scenario.V1.ActionPlan.Total + 1, csv.Split("\r\n").Length - 1);
        Assert.DoesNotContain("\n", csv.Replace("\r\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Names_with_commas_quotes_line_breaks_or_formulas_come_back_intact_and_harmless()
    {
        var catalog = HostileCatalog();
        var report = EveryCellMissing.Report(catalog);
        var csv = ActionPlanCsv.Render(report, catalog);
        var rows = Spreadsheets.ParseCsv(csv).Skip(1).ToArray();
        Assert.Equal(report.ActionPlan.Total, rows.Length);
        Assert.All(rows.Where(r => r[1] == "PA01"), r => Assert.Equal("Controls, \"admin\"\nand more", r[2]));
        Assert.Contains("\"Controls, \"\"admin\"\"\nand more\"", csv, StringComparison.Ordinal);
        Assert.All(rows.Where(r => r[3] == "2.1"), r => Assert.Equal("'=HYPERLINK(\"http://evil.example\",\"open\")", r[4]));
        Assert.All(rows.Where(r => r[1] == "PA02"), r => Assert.Equal("'-1+2", r[2]));
        Assert.All(rows.Where(r => r[1] == "PA03"), r => Assert.Equal("'@SUM(A1:A9)", r[2]));
        Assert.All(rows.Where(r => r[1] == "PA04"), r => Assert.Equal("'+33 1 23", r[2]));
        Assert.All(rows.Where(r => r[1] == "PA05"), r => Assert.Equal("'\tcmd", r[2]));
        Assert.DoesNotContain(rows.SelectMany(r => r), field => field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r');
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+33 1", "'+33 1")]
    [InlineData("-2", "'-2")]
    [InlineData("@x", "'@x")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("=a,b", "\"'=a,b\"")]
    [InlineData("", "")]
    public void A_field_is_neutralised_when_it_would_be_a_formula_then_quoted_when_RFC_4180_needs_it(string value, string field) =>
        Assert.Equal(field, ActionPlanCsv.Field(value));

    [Fact]
    public void In_french_the_headers_actors_yes_no_and_names_are_french()
    {
        var report = Scenario.V1;
        var rows = Spreadsheets.ParseCsv(ActionPlanCsv.Render(report, Scenario.Catalog, "fr"));
        Assert.Equal(
        [
            "Acteur", "Domaine de processus", "Nom du domaine de processus", "Caractéristique commune",
            "Nom de la caractéristique commune", "Niveau", "Achève le niveau", "Note actuelle", "Pratiques génériques",
            "Pratiques de base",
        ], rows[0]);
        var first = report.ActionPlan.For(report.ActionPlan.Items[0].Actor).First();
        var row = rows.Single(r => r[1] == first.ProcessArea.Id.Id && r[3] == first.CommonFeature.Id.Id);
        Assert.Equal(Markup.ActorName(first.Actor, ReportLabels.French), row[0]);
        Assert.Equal(first.ProcessArea.Name.Fr, row[2]);
        Assert.Equal(first.CommonFeature.Name.Fr, row[4]);
        Assert.Equal(first.ClosesLevel ? "oui" : "non", row[6]);
        Assert.All(rows.Skip(1), r => Assert.Contains(r[6], new[] { "oui", "non" }));
    }

    /// <summary>The shipped catalog with names a careless editor could have typed.</summary>
    private static ModelCatalog HostileCatalog()
    {
        var json = JsonNode.Parse(ShippedData.Read("sse-cmm.json"))!;
        var processAreas = json["processAreas"]!.AsArray();
        processAreas[0]!["name"]!["en"] = "Controls, \"admin\"\nand more";
        processAreas[1]!["name"]!["en"] = "-1+2";
        processAreas[2]!["name"]!["en"] = "@SUM(A1:A9)";
        processAreas[3]!["name"]!["en"] = "+33 1 23";
        processAreas[4]!["name"]!["en"] = "\tcmd";
        json["commonFeatures"]!.AsArray()[1]!["name"]!["en"] = "=HYPERLINK(\"http://evil.example\",\"open\")";
        return ModelCatalog.Parse(json.ToJsonString());
    }
}
