using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Gap;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Questionnaires;
using SupplierAssessment.Domain.Reports;
using static SupplierAssessment.Domain.Tests.Builders;

namespace SupplierAssessment.Domain.Tests;

public class BidderComparisonTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly ProcessAreaId PA01 = ProcessAreaId.Parse("PA01");
    private static readonly ProcessAreaId PA02 = ProcessAreaId.Parse("PA02");
    private static readonly ProcessAreaId PA03 = ProcessAreaId.Parse("PA03");

    /// <summary>Normal asks PA01 at 2 and PA02 at 1; high asks both at 3. Every other process area: 0.</summary>
    private static readonly ConfidenceProfile TwoLevels = Profile(new Dictionary<string, IReadOnlyDictionary<string, int>>
    {
        ["normal"] = new Dictionary<string, int> { ["PA01"] = 2, ["PA02"] = 1 },
        ["high"] = new Dictionary<string, int> { ["PA01"] = 3, ["PA02"] = 3 },
    });

    private static readonly Procurement AtNormal = Procurement.Create("proc-1", "pm", "Portal", "pm@buyer.example", TwoLevels, "normal", null, Now);

    private static Assessment Bidder(string id, string name, RatingGrid? ratings, AssessmentState? state = null, int reportVersion = 0) =>
        new("proc-1", id, name, $"sec@{id}.example", ShippedData.CurrentTemplate.Key, state ?? (ratings is null ? AssessmentState.InProgress : AssessmentState.Reported),
            "hash", Now.AddDays(30), false, Now, Answers.None, ratings, reportVersion: reportVersion);

    /// <summary>Below target in PA01 (level 1 of 2: the four cells of level 2 missing), above target in PA02 (level 3 of 1).</summary>
    private static Assessment Below() => Bidder("a-below", "Contoso", GridAtLevels(new Dictionary<string, int> { ["PA01"] = 1, ["PA02"] = 3 }), reportVersion: 2);

    /// <summary>On or above target everywhere: PA01 at 2 of 2, PA02 at 2 of 1, and PA03 at 1 where nothing is asked.</summary>
    private static Assessment Above() => Bidder("a-above", "Northwind", GridAtLevels(new Dictionary<string, int> { ["PA01"] = 2, ["PA02"] = 2, ["PA03"] = 1 }), reportVersion: 1);

    private static Assessment NotScored() => Bidder("a-wait", "Adventure Works", null);

    [Fact]
    public void A_bidder_below_target_in_one_area_shows_its_achieved_level_the_target_and_the_missing_cells_of_that_area()
    {
        var comparison = BidderComparison.Of(AtNormal, TwoLevels, [Below(), Above(), NotScored()]);

        var contoso = comparison.Bidders.Single(b => b.SupplierName == "Contoso");
        Assert.Equal((1, 2, 4), Figures(contoso[PA01]));
        Assert.True(contoso.IsBelowTarget(PA01));
        Assert.Equal((3, 1, 0), Figures(contoso[PA02]));
        Assert.False(contoso.IsBelowTarget(PA02));
        Assert.Equal((0, 0, 0), Figures(contoso[PA03]));
        Assert.Equal(4, contoso.MissingPoints);
        Assert.Equal(2, contoso.LatestReportVersion);
        Assert.Equal(22, contoso.Gap!.ProcessAreas.Count);
    }

    [Fact]
    public void A_bidder_on_or_above_target_everywhere_has_no_missing_point_and_no_area_below_target()
    {
        var comparison = BidderComparison.Of(AtNormal, TwoLevels, [Below(), Above(), NotScored()]);

        var northwind = comparison.Bidders.Single(b => b.SupplierName == "Northwind");
        Assert.Equal((2, 2, 0), Figures(northwind[PA01]));
        Assert.Equal((2, 1, 0), Figures(northwind[PA02]));
        Assert.Equal((1, 0, 0), Figures(northwind[PA03]));
        Assert.Equal(0, northwind.MissingPoints);
        Assert.DoesNotContain(BidderComparison.ProcessAreas, northwind.IsBelowTarget);
    }

    [Fact]
    public void Bidders_come_in_ranking_order_fewest_missing_points_first_and_the_waiting_ones_last_with_no_figures()
    {
        var comparison = BidderComparison.Of(AtNormal, TwoLevels, [NotScored(), Below(), Above()]);

        Assert.Equal(["Northwind", "Contoso", "Adventure Works"], comparison.Bidders.Select(b => b.SupplierName));
        Assert.Equal([1, 2, null], comparison.Bidders.Select(b => b.Rank));
        var waiting = Assert.Single(comparison.Waiting);
        Assert.True(waiting.Waiting);
        Assert.Null(waiting.Gap);
        Assert.Null(waiting.MissingPoints);
        Assert.Null(waiting[PA01]);
        Assert.False(waiting.IsBelowTarget(PA01));
        Assert.Equal(2, comparison.Scored.Count());
    }

    [Fact]
    public void Equal_missing_points_are_ordered_by_supplier_name_ignoring_case()
    {
        var levels = new Dictionary<string, int> { ["PA01"] = 2, ["PA02"] = 1 };
        var comparison = BidderComparison.Of(AtNormal, TwoLevels,
            [Bidder("a-z", "zeta", GridAtLevels(levels)), Bidder("a-b", "Beta", GridAtLevels(levels)), Bidder("a-a", "alpha", GridAtLevels(levels))]);

        Assert.Equal(["alpha", "Beta", "zeta"], comparison.Bidders.Select(b => b.SupplierName));
    }

    [Fact]
    public void Targets_and_missing_points_are_those_of_the_active_alert_level()
    {
        var atHigh = Procurement.Create("proc-1", "pm", "Portal", "pm@buyer.example", TwoLevels, "high", null, Now);

        var comparison = BidderComparison.Of(atHigh, TwoLevels, [Below(), Above()]);

        Assert.Equal("high", comparison.AlertLevel);
        Assert.Equal([3, 3], comparison.Targets.Take(2));
        var contoso = comparison.Bidders.Single(b => b.SupplierName == "Contoso");
        var northwind = comparison.Bidders.Single(b => b.SupplierName == "Northwind");
        Assert.Equal((1, 3, 7), Figures(contoso[PA01])); // 4 cells of level 2, 3 of level 3
        Assert.Equal((3, 3, 0), Figures(contoso[PA02]));
        Assert.Equal((2, 3, 3), Figures(northwind[PA01]));
        Assert.Equal((2, 3, 3), Figures(northwind[PA02]));
        Assert.Equal(["Northwind", "Contoso"], comparison.Bidders.Select(b => b.SupplierName)); // 6 against 7
        Assert.Equal(GapAnalysis.Compute(Below().VerifiedRatings!, TwoLevels).Variant("high").MissingPoints, contoso.MissingPoints);
    }

    [Fact]
    public void The_experts_corrections_count_and_a_final_assessment_is_verified()
    {
        var corrected = Below();
        // The expert finds PA01 2.1 to 2.4 achieved after all: Contoso reaches level 2.
        foreach (var cell in CommonFeature.OfLevel(2))
        {
            corrected.Override(new Cell(PA01, cell), Rating.FromLetter(RatingLetter.F), "Seen on site.", "expert", Now);
        }
        corrected.Finalize();

        var comparison = BidderComparison.Of(AtNormal, TwoLevels, [corrected, Above()]);

        var contoso = comparison.Bidders.Single(b => b.SupplierName == "Contoso");
        Assert.True(contoso.Verified);
        Assert.Equal((2, 2, 0), Figures(contoso[PA01]));
        Assert.Equal(0, contoso.MissingPoints);
        Assert.False(comparison.Bidders.Single(b => b.SupplierName == "Northwind").Verified);
    }

    [Fact]
    public void A_profile_without_the_procurements_alert_level_is_refused()
    {
        var other = Profile("normal", new Dictionary<string, int> { ["PA01"] = 1 });
        var atHigh = Procurement.Create("proc-1", "pm", "Portal", "pm@buyer.example", TwoLevels, "high", null, Now);

        var refused = Assert.Throws<ArgumentException>(() => BidderComparison.Of(atHigh, other, [Below()]));
        Assert.Contains("high", refused.Message);
    }

    private static (int Achieved, int Target, int Missing) Figures(ProcessAreaGap? gap) =>
        gap is { } g ? (g.Achieved, g.Target, g.MissingPoints) : throw new Xunit.Sdk.XunitException("no figures");
}
