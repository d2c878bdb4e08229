using SupplierAssessment.Domain.ActionPlans;
using SupplierAssessment.Domain.Gap;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using static SupplierAssessment.Domain.Tests.Builders;

namespace SupplierAssessment.Domain.Tests;

public class ActionPlanTests
{
    private static ActionPlan PlanFor(RatingGrid grid, Dictionary<string, int> targets, params (string, Actor)[] overrides)
    {
        var gap = GapAnalysis.Compute(grid, Profile("normal", targets, overrides)).Variant("normal");
        return ActionPlan.For(gap, grid, ShippedData.Catalog);
    }

    [Fact]
    public void One_item_per_missing_cell_with_totals_per_actor_equal_to_the_gap()
    {
        var grid = Ratings(("PA01", "1.1", "F"), ("PA01", "2.1", "F"));
        var targets = new Dictionary<string, int> { ["PA01"] = 2, ["PA02"] = 1, ["PA03"] = 3 };
        var gap = GapAnalysis.Compute(grid, Profile("normal", targets)).Variant("normal");
        var plan = ActionPlan.For(gap, grid, ShippedData.Catalog);

        Assert.Equal(gap.MissingPoints, plan.Total);
        Assert.All(Actors.All, actor => Assert.Equal(gap.MissingBy(actor), plan.TotalFor(actor)));
        Assert.Equal((3, 1, 8), (plan.TotalFor(Actor.Supplier), plan.TotalFor(Actor.ProjectManager), plan.TotalFor(Actor.Expert)));
    }

    [Fact]
    public void Items_that_close_the_next_level_come_before_those_of_higher_levels()
    {
        // PA01 stands at level 1 (needs 2.2 to close level 2), PA05 at level 0 (needs 1.1), PA03 at 0 with target 3.
        var grid = Ratings(("PA01", "1.1", "F"), ("PA01", "2.1", "F"), ("PA01", "2.3", "F"), ("PA01", "2.4", "F"));
        var plan = PlanFor(grid, new() { ["PA01"] = 3, ["PA05"] = 1, ["PA03"] = 3 });

        var first = plan.Items.TakeWhile(i => i.ClosesLevel).Select(i => i.Cell.ToString()).ToArray();
        Assert.Equal(["PA01/2.2", "PA03/1.1", "PA05/1.1"], first);
        Assert.Equal(3, plan.Items.Count(i => i.ClosesLevel));
        var levels = plan.Items.Where(i => i.ProcessArea.Id.Id == "PA03").Select(i => i.Level).ToArray();
        Assert.Equal(levels.Order(), levels);
    }

    [Fact]
    public void Items_carry_generic_practices_and_base_practices_only_for_security_process_areas()
    {
        var plan = PlanFor(RatingGrid.Empty, new() { ["PA08"] = 2, ["PA15"] = 1 });
        var pa08 = plan.Items.First(i => i.Cell.ToString() == "PA08/2.1");
        Assert.Equal(6, pa08.GenericPractices.Count);
        Assert.NotEmpty(pa08.BasePractices);
        Assert.False(pa08.Covered);
        var pa15 = plan.Items.Single(i => i.ProcessArea.Id.Id == "PA15");
        Assert.Empty(pa15.BasePractices);
        Assert.Equal(Actor.Supplier, pa15.Actor);
    }

    [Fact]
    public void No_gap_no_actions()
    {
        var plan = PlanFor(GridAtLevels(new Dictionary<string, int> { ["PA01"] = 3 }), new() { ["PA01"] = 3 });
        Assert.Empty(plan.Items);
    }
}
