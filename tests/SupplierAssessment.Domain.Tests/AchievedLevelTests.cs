using SupplierAssessment.Domain.Grid;
using static SupplierAssessment.Domain.Tests.Builders;

namespace SupplierAssessment.Domain.Tests;

public class AchievedLevelTests
{
    private static readonly ProcessAreaId Pa01 = ProcessAreaId.Parse("PA01");

    [Fact]
    public void Nothing_rated_is_level_0_and_every_cell_is_on_the_onsite_checklist()
    {
        Assert.Equal(0, RatingGrid.Empty.AchievedLevel(Pa01));
        Assert.Equal(264, RatingGrid.Empty.NotCoveredCells.Count());
        Assert.Equal(RatingLetter.N, RatingGrid.Empty[Cell("PA01", "1.1")].Letter);
    }

    [Fact]
    public void Level_2_without_1_1_is_level_0()
    {
        var grid = Ratings(("PA01", "2.1", "F"), ("PA01", "2.2", "F"), ("PA01", "2.3", "F"), ("PA01", "2.4", "F"));
        Assert.Equal(0, grid.AchievedLevel(Pa01));
    }

    [Fact]
    public void One_level_2_cell_at_50_percent_breaks_the_chain_at_level_1()
    {
        var grid = Ratings(("PA01", "1.1", "F"), ("PA01", "2.1", "L"), ("PA01", "2.2", "50"), ("PA01", "2.3", "F"), ("PA01", "2.4", "F"),
            ("PA01", "3.1", "F"), ("PA01", "3.2", "F"), ("PA01", "3.3", "F"));
        Assert.Equal(1, grid.AchievedLevel(Pa01));
    }

    [Fact]
    public void Level_4_cells_do_not_count_over_a_hole_at_level_3()
    {
        var grid = GridAtLevels(new Dictionary<string, int> { ["PA01"] = 5 }).With([KeyValuePair.Create(Cell("PA01", "3.2"), Rating.FromPercent(10))]);
        Assert.Equal(2, grid.AchievedLevel(Pa01));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Every_cell_up_to_a_level_achieved_gives_that_level(int level)
    {
        var grid = GridAtLevels(new Dictionary<string, int> { ["PA07"] = level });
        Assert.Equal(level, grid.AchievedLevel(ProcessAreaId.Parse("PA07")));
        Assert.Equal(0, grid.AchievedLevel(Pa01));
    }

    [Fact]
    public void Cell_at_just_above_50_percent_is_achieved_and_counts_for_the_level()
    {
        var grid = Ratings(("PA03", "1.1", "50.01"));
        Assert.Equal(1, grid.AchievedLevel(ProcessAreaId.Parse("PA03")));
    }
}
