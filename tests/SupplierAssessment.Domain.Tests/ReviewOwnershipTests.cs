using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Events;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Questionnaires;
using static SupplierAssessment.Domain.Tests.Builders;

namespace SupplierAssessment.Domain.Tests;

/// <summary>
/// What stays with the expert who did it: a correction is replaced or removed only by the expert who made it, and a
/// final review keeps the expert who finalized it.
/// </summary>
public class ReviewOwnershipTests
{
    private const string ExpertA = "expert@celar.example";
    private const string ExpertB = "other-expert@celar.example";
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
    private static readonly Cell Corrected = Cell("PA01", "2.1");

    [Fact]
    public void Another_expert_cannot_replace_a_colleagues_correction_and_it_stays_as_made()
    {
        var assessment = Reported();
        assessment.Override(Corrected, Rating.FromLetter(RatingLetter.F), "Signed policy seen.", ExpertA, Now);
        assessment.AssignReviewer(ExpertB);

        var refused = Assert.Throws<CorrectionByAnotherExpertException>(() =>
            assessment.Override(Corrected, Rating.FromLetter(RatingLetter.N), "No policy found.", ExpertB, Now.AddHours(1)));

        Assert.Equal("The correction of PA01/2.1 was made by expert@celar.example: only they can replace it.", refused.Message);
        Assert.Equal(ExpertA, refused.Correction.ExpertId);
        var kept = Assert.Single(assessment.Overrides);
        Assert.Equal((ExpertA, "Signed policy seen.", RatingLetter.F), (kept.ExpertId, kept.Note, kept.Rating.Letter));
        Assert.Throws<CorrectionByAnotherExpertException>(() => assessment.RemoveOverride(Corrected, ExpertB));
        Assert.Single(assessment.Overrides);
    }

    [Fact]
    public void The_expert_who_made_a_correction_may_replace_it_and_another_expert_may_correct_other_cells()
    {
        var assessment = Reported();
        assessment.Override(Corrected, Rating.FromLetter(RatingLetter.F), "Signed policy seen.", ExpertA, Now);
        assessment.Override(Corrected, Rating.FromLetter(RatingLetter.L), "Signed, not yet reviewed.", ExpertA, Now.AddHours(1));
        assessment.Override(Cell("PA01", "1.1"), Rating.FromLetter(RatingLetter.P), "Partly done.", ExpertB, Now.AddHours(2));

        Assert.Equal(2, assessment.Overrides.Count);
        Assert.Equal("Signed, not yet reviewed.", assessment.Overrides.Single(o => o.Cell == Corrected).Note);
    }

    [Fact]
    public void A_correction_after_the_review_is_final_or_the_supplier_withdrawn_is_refused_saying_why()
    {
        // Found by a fresh user's trial: both answered "Ratings are reviewed once the first report is out", although it was.
        var final = Reported();
        final.Finalize();
        var withdrawn = Reported();
        withdrawn.Withdraw();

        Assert.Equal("The review is final: its ratings can no longer be corrected.",
            Assert.Throws<WorkflowException>(() => final.Override(Corrected, Rating.FromLetter(RatingLetter.F), "Seen.", ExpertA, Now)).Message);
        Assert.Equal("This supplier was withdrawn: its ratings are no longer reviewed.",
            Assert.Throws<WorkflowException>(() => withdrawn.Override(Corrected, Rating.FromLetter(RatingLetter.F), "Seen.", ExpertA, Now)).Message);
        Assert.Empty(final.Overrides);
        Assert.Empty(withdrawn.Overrides);
    }

    [Fact]
    public void A_final_review_cannot_be_reassigned_and_keeps_the_expert_who_finalized_it()
    {
        var assessment = Reported();
        assessment.Finalize();
        var events = assessment.EventCount;

        var refused = Assert.Throws<WorkflowException>(() => assessment.AssignReviewer(ExpertB, "fr"));

        Assert.StartsWith("The review is final", refused.Message);
        Assert.Equal(ExpertA, assessment.ReviewerId);
        Assert.Equal("en", assessment.ReviewerLanguage);
        Assert.Equal(events, assessment.EventCount);
        Assert.DoesNotContain(assessment.NewEvents, e => e.Name == IntegrationEvents.ExpertAssigned);
    }

    private static Assessment Reported() => new(
        "p1", "a1", "Hosting", "sec@hosting.example", "celar-hosting@1", AssessmentState.Reported, "hash",
        Now.AddDays(30), linkRevoked: false, Now, Answers.None, Ratings(("PA01", "2.1", "N"), ("PA01", "1.1", "N")), reportVersion: 1,
        reviewerId: ExpertA);
}
