using SupplierAssessment.Domain.Assessments;

namespace SupplierAssessment.Domain.Tests;

/// <summary>Issue 10: a due date is a calendar day in the procurement's zone; links live through it; reminders 7 and 1 days before.</summary>
public class AnswerDeadlineTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>A local time in Paris as an instant.</summary>
    private static DateTimeOffset InParis(int year, int month, int day, int hour, int minute) =>
        new DateTimeOffset(new DateTime(year, month, day, hour, minute, 0), Paris.GetUtcOffset(new DateTime(year, month, day, hour, minute, 0))).ToUniversalTime();

    private static (Assessment Assessment, SupplierLink Link) Invited(AnswerDeadline due, DateTimeOffset at) =>
        Assessment.Invite("proc-1", "Alpha Hosting", "sec@alpha.example", ShippedData.CurrentTemplate, at, due);

    [Fact]
    public void A_link_due_on_30_November_opens_at_23_59_that_day_in_Paris_and_not_at_midnight()
    {
        var due = new AnswerDeadline(new DateOnly(2026, 11, 30));
        var (assessment, link) = Invited(due, InParis(2026, 11, 1, 10, 0));
        Assert.True(assessment.Admits(link, InParis(2026, 11, 30, 23, 59)));
        Assert.False(assessment.Admits(link, InParis(2026, 12, 1, 0, 0)));
        // 23:59 in Paris is 22:59 UTC: the old rule (the invitation's time of day, in UTC) is gone.
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 23, 0, 0, TimeSpan.Zero), due.ClosesAt);
    }

    [Fact]
    public void In_summer_the_due_day_ends_at_22_00_UTC_and_in_Montreal_at_05_00_UTC_the_next_day()
    {
        Assert.Equal(new DateTimeOffset(2027, 6, 30, 22, 0, 0, TimeSpan.Zero), new AnswerDeadline(new DateOnly(2027, 6, 30)).ClosesAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 16, 5, 0, 0, TimeSpan.Zero), new AnswerDeadline(new DateOnly(2026, 12, 15), "America/Montreal").ClosesAt);
    }

    [Fact]
    public void The_link_says_its_own_due_date_and_zone()
    {
        var (assessment, _) = Invited(new AnswerDeadline(new DateOnly(2026, 12, 15), "America/Montreal"), InParis(2026, 11, 30, 9, 0));
        Assert.Equal(new AnswerDeadline(new DateOnly(2026, 12, 15), "America/Montreal"), assessment.LinkDeadline);
    }

    [Fact]
    public void Reminders_are_due_7_days_and_1_day_before_the_due_date_each_once()
    {
        var due = new AnswerDeadline(new DateOnly(2026, 12, 24));
        var (assessment, _) = Invited(due, InParis(2026, 12, 1, 9, 0));
        Assert.Null(assessment.ReminderDue(InParis(2026, 12, 16, 23, 59)));
        Assert.Equal(7, assessment.ReminderDue(InParis(2026, 12, 17, 0, 0)));
        assessment.RecordReminder(InParis(2026, 12, 17, 0, 0));
        Assert.Null(assessment.ReminderDue(InParis(2026, 12, 20, 12, 0)));
        Assert.Equal(1, assessment.ReminderDue(InParis(2026, 12, 23, 8, 0)));
        assessment.RecordReminder(InParis(2026, 12, 23, 8, 0));
        Assert.Null(assessment.ReminderDue(InParis(2026, 12, 24, 8, 0)));
        Assert.Null(assessment.ReminderDue(InParis(2026, 12, 25, 0, 0)));
    }

    [Fact]
    public void A_supplier_invited_3_days_before_gets_only_the_1_day_reminder_and_a_submitted_one_none()
    {
        var due = new AnswerDeadline(new DateOnly(2026, 12, 24));
        var (late, _) = Invited(due, InParis(2026, 12, 21, 9, 0));
        Assert.Null(late.ReminderDue(InParis(2026, 12, 22, 9, 0)));
        Assert.Equal(1, late.ReminderDue(InParis(2026, 12, 23, 9, 0)));
        var (revoked, _) = Invited(due, InParis(2026, 12, 1, 9, 0));
        revoked.RevokeLink();
        Assert.Null(revoked.ReminderDue(InParis(2026, 12, 23, 9, 0)));
        var (withdrawn, _) = Invited(due, InParis(2026, 12, 1, 9, 0));
        withdrawn.Withdraw();
        Assert.Null(withdrawn.ReminderDue(InParis(2026, 12, 23, 9, 0)));
    }

    [Fact]
    public void Extending_the_due_date_keeps_the_same_link_working_and_reopens_an_expired_one()
    {
        var (assessment, link) = Invited(new AnswerDeadline(new DateOnly(2026, 12, 10)), InParis(2026, 11, 30, 9, 0));
        var after = InParis(2026, 12, 11, 9, 0);
        Assert.True(assessment.ExpireIfDue(after));
        Assert.False(assessment.Admits(link, after));
        Assert.True(assessment.MoveDeadline(new AnswerDeadline(new DateOnly(2026, 12, 20)), after));
        Assert.Equal(AssessmentState.Invited, assessment.State);
        Assert.True(assessment.Admits(link, InParis(2026, 12, 20, 23, 59)));
        Assert.False(assessment.Admits(link, InParis(2026, 12, 21, 0, 0)));
    }

    [Fact]
    public void A_withdrawn_supplier_link_is_dead_and_its_deadline_does_not_move()
    {
        var (assessment, link) = Invited(new AnswerDeadline(new DateOnly(2026, 12, 10)), InParis(2026, 11, 30, 9, 0));
        assessment.Withdraw();
        Assert.False(assessment.Admits(link, InParis(2026, 12, 1, 9, 0)));
        Assert.True(assessment.LinkRevoked);
        Assert.False(assessment.MoveDeadline(new AnswerDeadline(new DateOnly(2026, 12, 20)), InParis(2026, 12, 1, 9, 0)));
        Assert.Throws<WorkflowException>(() => assessment.RenewLink(new AnswerDeadline(new DateOnly(2026, 12, 20)), InParis(2026, 12, 1, 9, 0)));
    }

    [Fact]
    public void A_link_cannot_be_renewed_past_the_due_date()
    {
        var (assessment, _) = Invited(new AnswerDeadline(new DateOnly(2026, 12, 10)), InParis(2026, 11, 30, 9, 0));
        var ex = Assert.Throws<WorkflowException>(() => assessment.RenewLink(new AnswerDeadline(new DateOnly(2026, 12, 10)), InParis(2026, 12, 11, 0, 0)));
        Assert.Equal(Assessment.DeadlinePassed, ex.Message);
    }

    [Theory]
    [InlineData("2026-11-29", "The due date is already past")]
    [InlineData("2027-12-02", "within a year")]
    public void A_past_or_far_due_date_is_refused_today_is_accepted(string date, string problem)
    {
        var now = InParis(2026, 11, 30, 23, 30);
        Assert.Contains(problem, AnswerDeadline.Problem(DateOnly.Parse(date), "Europe/Paris", now)!.En);
        Assert.Null(AnswerDeadline.Problem(new DateOnly(2026, 11, 30), "Europe/Paris", now));
    }

    [Fact]
    public void An_unknown_zone_is_refused()
    {
        Assert.Null(AnswerDeadline.TryFindZone("Mars/Olympus"));
        Assert.Throws<ArgumentException>(() => new AnswerDeadline(new DateOnly(2026, 12, 1), "Mars/Olympus"));
    }

    [Fact]
    public void The_default_due_date_is_30_days_after_creation_in_Paris()
    {
        var procurement = Procurement.Create("p", "pm", "Portal", "pm@x.example", ShippedData.Profiles[0], null, null, InParis(2026, 11, 30, 23, 30));
        Assert.Equal(new AnswerDeadline(new DateOnly(2026, 12, 30)), procurement.AnswersDue);
    }

    [Fact]
    public void A_date_and_a_zone_both_wrong_are_both_named_and_a_good_date_in_an_unknown_zone_only_the_zone()
    {
        // Found by a fresh user's trial: only the zone was named, then the date on the next try.
        var now = InParis(2026, 11, 30, 12, 0);
        var (due, problems) = AnswerDeadline.Read("2027-02-30", "Nope/Nope", now);
        Assert.Null(due);
        Assert.Equal(["answersDue", "timeZone"], problems.Keys.Order());

        (due, problems) = AnswerDeadline.Read("2027-02-01", "Nope/Nope", now);
        Assert.Equal(["timeZone"], problems.Keys);

        (due, problems) = AnswerDeadline.Read("2027-02-01", "America/Montreal", now);
        Assert.Empty(problems);
        Assert.Equal(new AnswerDeadline(new DateOnly(2027, 2, 1), "America/Montreal"), due);
    }
}
