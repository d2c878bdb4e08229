using SupplierAssessment.Domain.Gap;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using static SupplierAssessment.Domain.Tests.Builders;

namespace SupplierAssessment.Domain.Tests;

public class GapAnalysisTests
{
    // The DESIGN §2.4 example.
    private static readonly RatingGrid ExampleRatings = Ratings(
        ("PA01", "1.1", "F"), ("PA01", "2.1", "L"), ("PA01", "2.2", "40"), ("PA01", "2.3", "F"), ("PA01", "2.4", "90"), ("PA01", "3.1", "F"),
        ("PA08", "1.1", "F"));

    private static readonly ConfidenceProfile ExampleProfile = Profile(
        new Dictionary<string, IReadOnlyDictionary<string, int>>
        {
            ["normal"] = new Dictionary<string, int> { ["PA01"] = 2, ["PA08"] = 1 },
            ["high"] = new Dictionary<string, int> { ["PA01"] = 3, ["PA08"] = 3 },
        },
        ("PA08", Actor.Expert));

    [Fact]
    public void Design_example_at_normal_misses_one_cell_and_exceeds_one()
    {
        var normal = GapAnalysis.Compute(ExampleRatings, ExampleProfile).Variant("normal");

        var pa01 = normal[ProcessAreaId.Parse("PA01")];
        Assert.Equal((2, 1), (pa01.Target, pa01.Achieved));
        Assert.Equal(["2.2"], pa01.Missing.Select(cf => cf.Id));
        Assert.Equal(["3.1"], pa01.Exceeding.Select(cf => cf.Id));
        Assert.Equal((1, 1), (normal.MissingPoints, normal.ExceedingPoints));
        Assert.Equal((1, 0, 0), (normal.MissingBy(Actor.Supplier), normal.MissingBy(Actor.ProjectManager), normal.MissingBy(Actor.Expert)));
    }

    [Fact]
    public void Design_example_at_high_sends_PA08_missing_cells_to_the_expert_it_was_given_to()
    {
        var high = GapAnalysis.Compute(ExampleRatings, ExampleProfile).Variant("high");

        Assert.Equal(["2.2", "3.2", "3.3"], high[ProcessAreaId.Parse("PA01")].Missing.Select(cf => cf.Id));
        Assert.Equal(["2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3"], high[ProcessAreaId.Parse("PA08")].Missing.Select(cf => cf.Id));
        Assert.Equal((10, 0), (high.MissingPoints, high.ExceedingPoints));
        Assert.Equal((3, 0, 7), (high.MissingBy(Actor.Supplier), high.MissingBy(Actor.ProjectManager), high.MissingBy(Actor.Expert)));
    }

    [Fact]
    public void Variants_follow_the_profile_alert_level_order_and_list_all_22_process_areas()
    {
        var report = GapAnalysis.Compute(ExampleRatings, ExampleProfile);
        Assert.Equal(["normal", "high"], report.Variants.Select(v => v.AlertLevel));
        Assert.All(report.Variants, v => Assert.Equal(ProcessAreaId.All, v.ProcessAreas.Select(p => p.ProcessArea)));
        Assert.Equal(22, report.AchievedLevels.Count);
    }

    [Fact]
    public void Target_0_requires_nothing_and_every_achieved_cell_exceeds()
    {
        var grid = GridAtLevels(new Dictionary<string, int> { ["PA05"] = 2 });
        var gap = GapAnalysis.Compute(grid, Profile("normal", new Dictionary<string, int>())).Variant("normal");
        var pa05 = gap[ProcessAreaId.Parse("PA05")];
        Assert.Equal(0, pa05.MissingPoints);
        Assert.Equal(5, pa05.ExceedingPoints);
        Assert.Equal(0, gap.MissingPoints);
    }

    [Fact]
    public void Target_5_requires_all_12_cells_of_the_process_area()
    {
        var gap = GapAnalysis.Compute(RatingGrid.Empty, Profile("high", new Dictionary<string, int> { ["PA11"] = 5 })).Variant("high");
        Assert.Equal(12, gap[ProcessAreaId.Parse("PA11")].MissingPoints);
        Assert.Equal(12, gap.MissingBy(Actor.Expert));
    }

    [Fact]
    public void Missing_points_count_cells_not_levels_so_a_half_done_level_costs_only_its_holes()
    {
        var grid = Ratings(("PA12", "1.1", "F"), ("PA12", "2.1", "F"), ("PA12", "2.3", "L"));
        var gap = GapAnalysis.Compute(grid, Profile("normal", new Dictionary<string, int> { ["PA12"] = 2 })).Variant("normal");
        Assert.Equal(["2.2", "2.4"], gap[ProcessAreaId.Parse("PA12")].Missing.Select(cf => cf.Id));
        Assert.Equal(1, gap[ProcessAreaId.Parse("PA12")].Achieved);
    }

    [Fact]
    public void Each_actor_gets_the_missing_points_of_its_process_areas_by_default()
    {
        // PA01 supplier, PA02 project manager, PA03 expert under the default matrix; target 1 each, nothing achieved.
        var gap = GapAnalysis.Compute(RatingGrid.Empty,
            Profile("normal", new Dictionary<string, int> { ["PA01"] = 1, ["PA02"] = 1, ["PA03"] = 1, ["PA22"] = 2 })).Variant("normal");
        Assert.Equal(1, gap.MissingBy(Actor.Supplier));
        Assert.Equal(1 + 5, gap.MissingBy(Actor.ProjectManager));
        Assert.Equal(1, gap.MissingBy(Actor.Expert));
    }

    [Fact]
    public void Default_responsibility_matrix_is_the_one_of_the_design()
    {
        var matrix = ResponsibilityMatrix.Default;
        string Ids(Actor actor) => string.Join(' ', ProcessAreaId.All.Where(pa => matrix[pa] == actor).Select(pa => pa.Id));
        Assert.Equal("PA01 PA05 PA08 PA09 PA12 PA13 PA15 PA16 PA17 PA18 PA19 PA20 PA21", Ids(Actor.Supplier));
        Assert.Equal("PA02 PA07 PA10 PA14 PA22", Ids(Actor.ProjectManager));
        Assert.Equal("PA03 PA04 PA06 PA11", Ids(Actor.Expert));
    }

    [Fact]
    public void Adaptive_profile_saves_points_against_the_uniform_level_3_baseline()
    {
        // Every PA at level 1, the adaptive profile asks level 2 of PA01 and PA08 only, level 1 elsewhere.
        var grid = GridAtLevels(ProcessAreaId.All.ToDictionary(pa => pa.Id, _ => 1));
        var adaptive = Profile("normal", ProcessAreaId.All.ToDictionary(pa => pa.Id, pa => pa.Id is "PA01" or "PA08" ? 2 : 1));

        var comparison = GapAnalysis.CompareWithUniform(grid, adaptive, "normal");

        Assert.Equal(3, comparison.BaselineLevel);
        Assert.Equal(22 * 7, comparison.Uniform.MissingPoints);      // levels 2 and 3: 7 cells per PA
        Assert.Equal(2 * 4, comparison.Adaptive.MissingPoints);      // level 2 of PA01 and PA08
        Assert.Equal(22 * 7 - 8, comparison.SavedPoints);
        Assert.Equal(13 * 7, comparison.Uniform.MissingBy(Actor.Supplier)); // 13 supplier PAs under the default matrix
    }

    [Fact]
    public void Uniform_baseline_level_can_be_chosen()
    {
        var comparison = GapAnalysis.CompareWithUniform(RatingGrid.Empty, ExampleProfile, "normal", baselineLevel: 1);
        Assert.Equal(22, comparison.Uniform.MissingPoints);
    }

    [Fact]
    public void Achieved_cells_above_the_target_are_exceeding_even_when_the_chain_below_is_broken()
    {
        var grid = Ratings(("PA09", "4.1", "F"));
        var gap = GapAnalysis.Compute(grid, Profile("normal", new Dictionary<string, int> { ["PA09"] = 1 })).Variant("normal");
        Assert.Equal(["4.1"], gap[ProcessAreaId.Parse("PA09")].Exceeding.Select(cf => cf.Id));
        Assert.Equal(["1.1"], gap[ProcessAreaId.Parse("PA09")].Missing.Select(cf => cf.Id));
    }
}
