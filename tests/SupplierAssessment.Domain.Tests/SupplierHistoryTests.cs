using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Questionnaires;
using SupplierAssessment.Domain.Reports;
using static SupplierAssessment.Domain.Tests.Builders;

namespace SupplierAssessment.Domain.Tests;

/// <summary>Issue 10 part 6: a supplier assessed before — the matching rule, the candidates, the confirmation, the figures.</summary>
public class SupplierHistoryTests
{
    private static readonly DateTimeOffset Then = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static readonly ConfidenceProfile TodaysProfile = Profile(
        new Dictionary<string, IReadOnlyDictionary<string, int>>
        {
            ["normal"] = new Dictionary<string, int> { ["PA01"] = 2, ["PA08"] = 1 },
            ["high"] = new Dictionary<string, int> { ["PA01"] = 3, ["PA08"] = 3 },
        });

    private static Procurement ProcurementOf(string id, string owner, DateTimeOffset createdAt) =>
        new(id, owner, $"Procurement {id}", owner, "test", 1, "normal", 3, createdAt);

    private static Assessment Supplier(
        string procurementId, string name, string email, DateTimeOffset invitedAt, int reportVersion = 1, RatingGrid? ratings = null, string id = "a1") =>
        new(procurementId, id, name, email, "celar-hosting@1", reportVersion > 0 ? AssessmentState.Reported : AssessmentState.Invited,
            "hash", invitedAt.AddDays(30), linkRevoked: false, invitedAt, Answers.None,
            declaredRatings: reportVersion > 0 ? ratings ?? GridAtLevels(new Dictionary<string, int> { ["PA01"] = 1 }) : null,
            reportVersion: reportVersion, submittedAt: reportVersion > 0 ? invitedAt.AddDays(5) : null);

    private static readonly Procurement Earlier = ProcurementOf("p1", "pm@buyer.example", Then.AddDays(-1));
    private static readonly Procurement Current = ProcurementOf("p2", "pm@buyer.example", Now.AddDays(-1));

    private static Assessment Today(string name = "Northwind Hosting", string email = "sec@northwind.example") =>
        Supplier("p2", name, email, Now, reportVersion: 0, id: "a2");

    [Theory]
    [InlineData("Northwind Hosting", "ciso@northwind.example", true, "same name, same domain, another mailbox")]
    [InlineData("  northwind   HOSTING ", "Sec@Northwind.EXAMPLE ", true, "case, spaces around and inside do not count")]
    [InlineData("Northwind Hosting", "sec@northwind.other", false, "another email domain")]
    [InlineData("Northwind Cloud", "sec@northwind.example", false, "another organisation name on the same domain")]
    [InlineData("Northwind Hosting", "sec@mail.northwind.example", false, "a sub-domain is another domain")]
    public void Same_supplier_needs_the_same_email_domain_and_organisation_name(string name, string email, bool same, string reason)
    {
        var earlier = Supplier("p1", name, email, Then);

        Assert.True(same == SupplierHistory.IsSameSupplier(Today(), earlier), reason);
        Assert.True(same == SupplierHistory.IsCandidate(Current, Today(), Earlier, earlier), reason);
    }

    [Fact]
    public void Another_project_managers_assessment_is_never_a_candidate()
    {
        var others = ProcurementOf("p9", "other-pm@buyer.example", Then.AddDays(-1));
        var theirs = Supplier("p9", "Northwind Hosting", "sec@northwind.example", Then);

        Assert.True(SupplierHistory.IsSameSupplier(Today(), theirs));
        Assert.False(SupplierHistory.IsCandidate(Current, Today(), others, theirs));
        Assert.Empty(SupplierHistory.Candidates(Current, Today(), [new EarlierCandidate(others, theirs)]));
        Assert.Throws<WorkflowException>(() => SupplierHistory.Confirm(Current, Today(), new EarlierCandidate(others, theirs)));
    }

    [Theory]
    [InlineData(0, -1, "p1", "no report yet")]
    [InlineData(1, 1, "p1", "invited after today's assessment")]
    [InlineData(1, -1, "p2", "in the same procurement")]
    public void Only_an_earlier_reported_assessment_of_another_procurement_is_a_candidate(int reportVersion, int daysFromNow, string procurementId, string reason)
    {
        var procurement = procurementId == "p1" ? Earlier : Current;
        var other = Supplier(procurementId, "Northwind Hosting", "sec@northwind.example", Now.AddDays(daysFromNow), reportVersion, id: "a9");

        Assert.False(SupplierHistory.IsCandidate(Current, Today(), procurement, other), reason);
    }

    [Fact]
    public void Candidates_come_newest_first_without_the_dismissed_or_the_confirmed_one()
    {
        var first = new EarlierCandidate(Earlier, Supplier("p1", "Northwind Hosting", "sec@northwind.example", Then, id: "old"));
        var p3 = ProcurementOf("p3", "pm@buyer.example", Then.AddDays(60));
        var second = new EarlierCandidate(p3, Supplier("p3", "Northwind Hosting", "ciso@northwind.example", Then.AddDays(61), id: "newer"));
        var today = Today();

        Assert.Equal(["newer", "old"], SupplierHistory.Candidates(Current, today, [first, second]).Select(c => c.Assessment.Id));

        today.DismissEarlierAssessment(second.Key);
        Assert.Equal(["old"], SupplierHistory.Candidates(Current, today, [first, second]).Select(c => c.Assessment.Id));

        var link = SupplierHistory.Confirm(Current, today, first);
        Assert.Equal(("p1", "old", "Procurement p1", Then.AddDays(5), 1), (link.ProcurementId, link.AssessmentId, link.ProcurementName, link.AssessedAt, link.FirstReportVersion));
        Assert.Same(link, today.EarlierAssessment);
        Assert.Empty(SupplierHistory.Candidates(Current, today, [first, second]));
    }

    [Fact]
    public void Confirming_after_a_report_is_carried_from_the_next_version()
    {
        var today = Supplier("p2", "Northwind Hosting", "sec@northwind.example", Now, reportVersion: 2, id: "a2");
        var earlier = new EarlierCandidate(Earlier, Supplier("p1", "Northwind Hosting", "sec@northwind.example", Then));

        Assert.Equal(3, SupplierHistory.Confirm(Current, today, earlier).FirstReportVersion);
    }

    [Fact]
    public void Both_assessments_are_measured_against_todays_profile_at_the_alert_level_asked()
    {
        var earlier = GridAtLevels(new Dictionary<string, int> { ["PA01"] = 1 });
        var today = GridAtLevels(new Dictionary<string, int> { ["PA01"] = 3, ["PA08"] = 1 });

        var normal = SupplierHistory.Compare(earlier, today, TodaysProfile, "normal");
        var pa01 = normal.ProcessAreas[ProcessAreaId.Parse("PA01").Index];
        var pa08 = normal.ProcessAreas[ProcessAreaId.Parse("PA08").Index];
        Assert.Equal(22, normal.ProcessAreas.Count);
        // PA01 target 2 needs 1.1 and the four of level 2: then level 1 (4 missing), now level 3 (none).
        Assert.Equal((2, 1, 3, 2, 4, 0), (pa01.Target, pa01.EarlierLevel, pa01.TodayLevel, pa01.LevelChange, pa01.EarlierMissingPoints, pa01.TodayMissingPoints));
        Assert.Equal((1, 0, 1, 1, 1, 0), (pa08.Target, pa08.EarlierLevel, pa08.TodayLevel, pa08.LevelChange, pa08.EarlierMissingPoints, pa08.TodayMissingPoints));
        Assert.Equal((5, 0, -5), (normal.EarlierMissingPoints, normal.TodayMissingPoints, normal.MissingPointsChange));

        // At high, PA01 needs 8 cells and PA08 8: then 7 + 8 missing, now 0 + 7.
        var high = SupplierHistory.Compare(earlier, today, TodaysProfile, "high");
        Assert.Equal(("high", 15, 7), (high.AlertLevel, high.EarlierMissingPoints, high.TodayMissingPoints));
    }

    [Fact]
    public void Before_today_is_scored_only_the_earlier_figures_are_known()
    {
        var progress = SupplierHistory.Compare(GridAtLevels(new Dictionary<string, int> { ["PA01"] = 2 }), null, TodaysProfile, "normal");

        Assert.Equal(2, progress.ProcessAreas[0].EarlierLevel);
        Assert.Null(progress.ProcessAreas[0].TodayLevel);
        Assert.Null(progress.ProcessAreas[0].LevelChange);
        Assert.Equal((1, (int?)null), (progress.EarlierMissingPoints, progress.TodayMissingPoints));
    }

    [Fact]
    public void A_report_with_the_earlier_assessment_compares_it_with_its_own_ratings_at_its_active_alert_level()
    {
        var earlier = GridAtLevels(new Dictionary<string, int> { ["PA01"] = 1 });
        var today = GridAtLevels(new Dictionary<string, int> { ["PA01"] = 3, ["PA08"] = 1 });
        var link = new EarlierAssessmentLink("p1", "a1", "Procurement p1", Then, 1);
        var earlierAssessment = Supplier("p1", "Northwind Hosting", "sec@northwind.example", Then, ratings: earlier);
        var report = AssessmentReport.From(new ReportHeader(1, Now, "p2", "Procurement p2", "a2", "Northwind Hosting", "celar-hosting@1"),
            TodaysProfile, "high", 3, today, null, [], ShippedData.Catalog);

        Assert.Null(report.Earlier);
        var withEarlier = report.WithEarlier(EarlierAssessmentFacts.Of(1, link, earlierAssessment));

        Assert.Equal(("Procurement p1", "high", 15, 7), (withEarlier.Earlier!.Assessment.ProcurementName, withEarlier.Earlier.Progress.AlertLevel,
            withEarlier.Earlier.Progress.EarlierMissingPoints, withEarlier.Earlier.Progress.TodayMissingPoints));
        Assert.Null(EarlierAssessmentFacts.Of(1, link with { AssessmentId = "another" }, earlierAssessment));
        Assert.Null(EarlierAssessmentFacts.Of(1, link with { FirstReportVersion = 2 }, earlierAssessment)); // written before the confirmation
    }
}
