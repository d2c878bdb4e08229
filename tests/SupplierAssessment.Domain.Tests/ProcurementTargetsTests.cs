using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Gap;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Questionnaires;

namespace SupplierAssessment.Domain.Tests;

/// <summary>Targets set for one procurement (issue 10, part 4): its own version of the profile, fixed at the first report.</summary>
public class ProcurementTargetsTests
{
    private static readonly ConfidenceProfile Government = ShippedData.Profile("government-web-hosting");
    private static readonly ProcessAreaId Pa08 = ProcessAreaId.Parse("PA08");
    private static readonly ProcessAreaId Pa02 = ProcessAreaId.Parse("PA02");

    private static Procurement NewProcurement() =>
        Procurement.Create("p-1", "pm@buyer.example", "Portal hosting", "pm@buyer.example", Government, "normal", null, DateTimeOffset.UnixEpoch);

    private static Assessment Supplier(int reportVersion) => new(
        "p-1", "a-1", "Acme Hosting", "sec@acme.example", ShippedData.CurrentTemplate.Key, AssessmentState.Invited, "hash",
        DateTimeOffset.UnixEpoch.AddDays(30), false, DateTimeOffset.UnixEpoch, new Answers(), reportVersion: reportVersion);

    [Fact]
    public void Adjusted_targets_give_the_procurement_its_own_version_of_the_profile()
    {
        var procurement = NewProcurement();
        Assert.Equal(2, Government.Target("normal", Pa08));

        var changes = procurement.AdjustTargets([new TargetAdjustment(Pa08, "normal", 4, "Payment pages are hosted here.")], [Supplier(0)]);

        var pinned = ProcurementTargets.PinnedProfile(procurement);
        Assert.Equal(4, pinned.Target("normal", Pa08));
        Assert.Equal(Government.Target("high", Pa08), pinned.Target("high", Pa08));
        Assert.Equal(Government.Target("normal", Pa02), pinned.Target("normal", Pa02));
        Assert.Equal((Government.Id, Government.Version), (pinned.Id, pinned.Version));
        Assert.Equal("1+procurement.p-1", pinned.VersionLabel);
        Assert.Equal("1", Government.VersionLabel);
        Assert.Equal([new AdjustedTarget(Pa08, "normal", 2, 4, "Payment pages are hosted here.")], procurement.TargetAdjustments);
        Assert.Equal([new TargetChange(Pa08, "normal", 2, 4, "Payment pages are hosted here.")], changes);
        // The gap is measured against the adjusted target: PA08 now requires the cells of levels 1 to 4 at normal.
        var gap = GapAnalysis.Compute(Builders.GridAtLevels(new Dictionary<string, int> { ["PA08"] = 2 }), pinned).Variant("normal");
        Assert.Equal(["3.1", "3.2", "3.3", "4.1", "4.2"], gap.ProcessAreas[Pa08.Index].Missing.Select(cf => cf.Id));
    }

    [Fact]
    public void A_procurement_without_adjustments_measures_against_the_profile_itself()
    {
        var procurement = NewProcurement();
        Assert.Same(Government, ProcurementTargets.PinnedProfile(procurement));
        Assert.Empty(procurement.TargetAdjustments);
    }

    [Fact]
    public void An_adjustment_equal_to_the_profile_target_removes_the_adjustment()
    {
        var procurement = NewProcurement();
        procurement.AdjustTargets([new TargetAdjustment(Pa08, "high", 5, "Card data."), new TargetAdjustment(Pa02, "normal", 3, "Ministry image.")], []);

        var changes = procurement.AdjustTargets([new TargetAdjustment(Pa08, "high", 4, "Back to the profile."), new TargetAdjustment(Pa02, "normal", 3, "Ministry image.")], []);

        Assert.Equal([new AdjustedTarget(Pa02, "normal", 1, 3, "Ministry image.")], procurement.TargetAdjustments);
        Assert.Equal([new TargetChange(Pa08, "high", 5, 4, null)], changes);
        Assert.Equal(4, ProcurementTargets.PinnedProfile(procurement).Target("high", Pa08));
    }

    [Fact]
    public void Targets_are_refused_once_a_supplier_has_a_report_and_nothing_changes()
    {
        var procurement = NewProcurement();
        procurement.AdjustTargets([new TargetAdjustment(Pa08, "normal", 3, "Payment pages.")], []);

        var refused = Assert.Throws<WorkflowException>(() =>
            procurement.AdjustTargets([new TargetAdjustment(Pa08, "normal", 5, "Even more.")], [Supplier(0), Supplier(1)]));

        Assert.Contains("Acme Hosting already has a report", refused.Message);
        Assert.Equal(3, Assert.Single(procurement.TargetAdjustments).Target);
    }

    [Theory]
    [InlineData("", "an empty reason")]
    [InlineData("   ", "only spaces")]
    [InlineData("Card data.\nAnd more.", "a line break")]
    [InlineData("Card\tdata", "a tab")]
    [InlineData("Card \u202Edata", "a text-direction mark")]
    public void A_reason_is_one_showable_line(string reason, string why)
    {
        var (adjustments, errors) = ProcurementTargets.Read(Government, [new TargetInput("PA08", "normal", "4", reason)]);
        Assert.True(adjustments.Count == 0, why);
        Assert.Equal(ProcurementTargets.ReasonField, Assert.Single(errors).Field);
        Assert.Throws<ArgumentException>(() => NewProcurement().AdjustTargets([new TargetAdjustment(Pa08, "normal", 4, reason)], []));
    }

    [Fact]
    public void A_reason_has_at_most_200_characters()
    {
        Assert.Null(ProcurementTargets.ReasonProblem(new string('a', 200)));
        Assert.NotNull(ProcurementTargets.ReasonProblem(new string('a', 201)));
    }

    [Theory]
    [InlineData("PA23", "normal", "3", "processArea", "no such process area")]
    [InlineData("PA08", "severe", "3", "alertLevel", "not an alert level of the profile")]
    [InlineData("PA08", "normal", "6", "target", "above level 5")]
    [InlineData("PA08", "normal", "-1", "target", "below level 0")]
    [InlineData("PA08", "normal", "2.5", "target", "not a whole level")]
    [InlineData("PA08", "normal", "", "target", "no level")]
    public void Bad_input_is_named_by_its_field(string processArea, string alertLevel, string target, string field, string why)
    {
        var (_, errors) = ProcurementTargets.Read(Government, [new TargetInput(processArea, alertLevel, target, "A reason.")]);
        var error = Assert.Single(errors);
        Assert.True(error.Field == field, why);
        Assert.Equal(0, error.Index);
    }

    [Fact]
    public void The_same_target_given_twice_is_refused_on_the_second()
    {
        var (_, errors) = ProcurementTargets.Read(Government,
            [new TargetInput("PA08", "high", "5", "One."), new TargetInput("PA08", "high", "3", "Two.")]);
        var error = Assert.Single(errors);
        Assert.Equal((1, ProcurementTargets.ProcessAreaField), (error.Index, error.Field));
    }

    [Fact]
    public void A_target_equal_to_the_profile_needs_no_reason()
    {
        var (adjustments, errors) = ProcurementTargets.Read(Government, [new TargetInput("PA08", "normal", "2", "")]);
        Assert.Empty(errors);
        Assert.Single(adjustments);
    }
}
