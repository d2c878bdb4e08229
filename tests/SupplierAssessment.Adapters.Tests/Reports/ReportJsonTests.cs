using System.Text.Json;
using System.Text.Json.Nodes;
using SupplierAssessment.Adapters.Reports;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Gap;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;

namespace SupplierAssessment.Adapters.Tests.Reports;

public class ReportJsonTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private static ReportScenario Scenario => ReportScenario.Instance;
    private static readonly Lazy<JsonNode> V1 = new(() => JsonNode.Parse(ReportJson.Serialize(Scenario.V1))!);
    private static readonly Lazy<JsonNode> V2 = new(() => JsonNode.Parse(ReportJson.Serialize(Scenario.V2))!);

    [Fact]
    public void Json_is_compact_camel_case_with_the_report_identity()
    {
        var json = ReportJson.Serialize(Scenario.V1);
        Assert.DoesNotContain('\n', json);
        var root = V1.Value;
        Assert.Equal(1, (int)root["version"]!);
        Assert.False((bool)root["verified"]!);
        Assert.Equal(ReportScenario.FirstReportAt, root["createdAt"]!.GetValue<DateTimeOffset>());
        Assert.Equal("proc-1", (string)root["procurement"]!["id"]!);
        Assert.Equal(ReportScenario.ProcurementName, (string)root["procurement"]!["name"]!);
        Assert.Equal(ReportScenario.SupplierName, (string)root["assessment"]!["supplierName"]!);
        Assert.Equal(Scenario.V1.AssessmentId, (string)root["assessment"]!["id"]!);
        Assert.Equal(Scenario.V1.TemplateKey, (string)root["templateKey"]!);
        Assert.Equal("government-web-hosting", (string)root["profile"]!["id"]!);
        Assert.Equal(["normal", "elevated", "high"], root["profile"]!["alertLevels"]!.AsArray().Select(l => (string)l!));
        Assert.Equal("normal", (string)root["activeAlertLevel"]!);
        Assert.DoesNotContain("<script>", json); // the default encoder escapes markup characters inside strings
    }

    [Fact]
    public void Gap_is_the_gap_contract_document()
    {
        var expected = JsonNode.Parse(JsonSerializer.Serialize(GapDocument.From(Scenario.V1.Gap), Web));
        Assert.True(JsonNode.DeepEquals(expected, V1.Value["gap"]), V1.Value["gap"]!.ToJsonString());
        Assert.Equal(Scenario.V1.ActiveGap.MissingPoints, (int)V1.Value["gap"]!["variants"]![0]!["missingPoints"]!);
    }

    [Theory]
    [MemberData(nameof(ReportScenario.ReportNames), MemberType = typeof(ReportScenario))]
    public void Ratings_hold_the_covered_cells_with_their_letters_and_not_covered_lists_the_rest(string name)
    {
        var report = ReportScenario.Report(name);
        var root = JsonNode.Parse(ReportJson.Serialize(report))!;
        var ratings = root["ratings"]!.AsObject();
        Assert.Equal(report.Ratings.CoveredCells.Count(), ratings.Sum(pa => pa.Value!.AsObject().Count));
        foreach (var (cell, rating) in report.Ratings.CoveredCells)
        {
            var json = ratings[cell.ProcessArea.Id]![cell.CommonFeature.Id]!;
            Assert.Equal(rating.Letter.ToString(), (string)json["letter"]!);
            Assert.Equal(rating.Percent, (double)json["percent"]!);
        }
        Assert.All(ratings, pa => Assert.NotEmpty(pa.Value!.AsObject()));
        Assert.Equal(ProcessAreaId.All.Where(pa => CommonFeature.All.Any(cf => report.Ratings.IsCovered(new Cell(pa, cf)))).Select(pa => pa.Id),
            ratings.Select(pa => pa.Key));
        Assert.Equal(report.NotCovered.Select(c => c.ToString()), root["notCovered"]!.AsArray().Select(c => (string)c!));
    }

    [Fact]
    public void First_version_has_no_declared_part_and_no_overrides()
    {
        Assert.Null(V1.Value["declared"]);
        Assert.True(V1.Value.AsObject().ContainsKey("declared"));
        Assert.Empty(V1.Value["overrides"]!.AsArray());
    }

    [Fact]
    public void Verified_version_keeps_the_declared_ratings_and_gap_and_lists_the_overrides()
    {
        var report = Scenario.V2;
        var root = V2.Value;
        Assert.True((bool)root["verified"]!);
        var declaredGap = JsonNode.Parse(JsonSerializer.Serialize(GapDocument.From(report.DeclaredGap!), Web));
        Assert.True(JsonNode.DeepEquals(declaredGap, root["declared"]!["gap"]));
        Assert.True(JsonNode.DeepEquals(V1.Value["ratings"], root["declared"]!["ratings"]));
        Assert.Equal("F", (string)root["ratings"]![Scenario.Raised.ProcessArea.Id]![Scenario.Raised.CommonFeature.Id]!["letter"]!);
        var overrides = root["overrides"]!.AsArray();
        Assert.Equal(3, overrides.Count);
        var raised = overrides.Single(o => (string)o!["processArea"]! == Scenario.Raised.ProcessArea.Id && (string)o!["commonFeature"]! == Scenario.Raised.CommonFeature.Id)!;
        Assert.Equal(100, (double)raised["percent"]!);
        Assert.Equal("F", (string)raised["letter"]!);
        Assert.Equal(ReportScenario.RaiseNote, (string)raised["note"]!);
        Assert.Equal(ReportScenario.ExpertId, (string)raised["expertId"]!);
        Assert.Equal(ReportScenario.ReviewAt, raised["at"]!.GetValue<DateTimeOffset>());
    }

    [Theory]
    [MemberData(nameof(ReportScenario.ReportNames), MemberType = typeof(ReportScenario))]
    public void Baseline_and_action_plan_carry_the_reports_numbers(string name)
    {
        var report = ReportScenario.Report(name);
        var root = JsonNode.Parse(ReportJson.Serialize(report))!;
        var baseline = root["baseline"]!;
        Assert.Equal(3, (int)baseline["level"]!);
        Assert.Equal(report.ActiveAlertLevel, (string)baseline["alertLevel"]!);
        Assert.Equal(report.Baseline.Uniform.MissingPoints, (int)baseline["uniformMissingPoints"]!);
        Assert.Equal(report.ActiveGap.MissingPoints, (int)baseline["adaptiveMissingPoints"]!);
        Assert.Equal(report.Baseline.SavedPoints, (int)baseline["savedPoints"]!);
        Assert.Equal(report.Baseline.Uniform.MissingBy(Actor.ProjectManager), (int)baseline["uniformMissingByActor"]!["projectManager"]!);

        var plan = root["actionPlan"]!;
        Assert.Equal(report.ActiveAlertLevel, (string)plan["alertLevel"]!);
        foreach (var actor in Actors.All)
        {
            Assert.Equal(report.ActiveGap.MissingBy(actor), (int)plan["totals"]![actor.ToId()]!);
        }
        var items = plan["items"]!.AsArray();
        Assert.Equal(report.ActionPlan.Items.Select(i => i.Cell.ToString()), items.Select(i => $"{i!["processArea"]}/{i["commonFeature"]}"));
        foreach (var (item, json) in report.ActionPlan.Items.Zip(items))
        {
            Assert.Equal(item.Actor.ToId(), (string)json!["actor"]!);
            Assert.Equal(item.Level, (int)json["level"]!);
            Assert.Equal(item.ClosesLevel, (bool)json["closesLevel"]!);
            Assert.Equal(item.Covered, (bool)json["covered"]!);
            Assert.Equal(item.Covered ? item.CurrentRating.Letter.ToString() : null, (string?)json["rating"]?["letter"]);
            Assert.Equal(item.GenericPractices.Select(gp => gp.Id), json["genericPractices"]!.AsArray().Select(gp => (string)gp!));
            Assert.Equal(item.BasePractices.Select(bp => bp.Id), json["basePractices"]!.AsArray().Select(bp => (string)bp!));
        }
        Assert.All(items.Where(i => !(bool)i!["covered"]!), i => Assert.True(i!.AsObject().ContainsKey("rating") && i["rating"] is null));
    }

    [Theory]
    [MemberData(nameof(ReportScenario.ReportNames), MemberType = typeof(ReportScenario))]
    public void A_stored_version_reads_back_as_the_same_report(string name)
    {
        var report = ReportScenario.Report(name);
        var json = ReportJson.Serialize(report);

        var read = ReportJson.Read(json, report.Profile, ShippedData.Catalog);

        Assert.Equal(json, ReportJson.Serialize(read));
        Assert.Equal(report.Verified, read.Verified);
        Assert.Equal(report.ActionPlan.Items.Select(i => i.Cell), read.ActionPlan.Items.Select(i => i.Cell));
        Assert.Equal(report.Overrides.Select(o => (o.Cell, o.Note)), read.Overrides.Select(o => (o.Cell, o.Note)));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"version":1,"ratings":{"PA99":{"1.1":{"percent":50,"letter":"P"}}}}""")]
    [InlineData("not json")]
    public void Text_that_is_not_a_report_version_is_refused(string json)
    {
        Assert.ThrowsAny<JsonException>(() => ReportJson.Read(json, Scenario.Profile, ShippedData.Catalog));
    }
}
