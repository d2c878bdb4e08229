using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Events;

namespace SupplierAssessment.Domain.Tests;

/// <summary>Which state changes record an integration event (issue #14), and which do not.</summary>
public class IntegrationEventTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void An_invitation_records_supplier_invited_as_event_1_with_ids_and_state_only()
    {
        var (assessment, _) = Assessment.Invite("proc-1", "Secret Name Ltd", "sec@secret.example", ShippedData.CurrentTemplate, Now);

        var e = Assert.Single(assessment.NewEvents);
        Assert.Equal(("supplier.invited", "supplierassessment.supplier.invited.v1", 1), (e.Name, e.Type, e.Sequence));
        Assert.Equal($"proc-1.{assessment.Id}.1.supplier.invited", e.Id);
        Assert.Equal($"procurements/proc-1/assessments/{assessment.Id}", e.Subject);
        Assert.Equal("invited", e.Data["state"]);
        Assert.DoesNotContain(e.Data.Values, v => v is string s && (s.Contains("Secret") || s.Contains("secret.example")));
        Assert.Equal(1, assessment.EventCount);
    }

    [Fact]
    public void Events_are_handed_over_once_and_numbering_goes_on()
    {
        var (assessment, _) = Assessment.Invite("proc-1", "Hosting", "sec@hosting.example", ShippedData.CurrentTemplate, Now);
        Assert.Single(assessment.TakeNewEvents());
        Assert.Empty(assessment.NewEvents);

        assessment.RevokeLink();
        assessment.RevokeLink(); // already revoked: no change, no event
        assessment.AssignReviewer("expert@celar.example");
        assessment.AssignReviewer("expert@celar.example"); // the same expert again: no change, no event

        Assert.Equal([(IntegrationEvents.LinkRevoked, 2), (IntegrationEvents.ExpertAssigned, 3)], assessment.TakeNewEvents().Select(e => (e.Name, e.Sequence)));
        Assert.Equal(3, assessment.EventCount);
    }

    [Fact]
    public void Saving_answers_records_nothing_and_an_incomplete_submit_records_nothing()
    {
        var (assessment, _) = Assessment.Invite("proc-1", "Hosting", "sec@hosting.example", ShippedData.CurrentTemplate, Now);
        assessment.TakeNewEvents();
        assessment.SaveAnswers(new Questionnaires.AnswerChanges(new Dictionary<string, Questionnaires.Answer>(), []));

        Assert.NotEmpty(assessment.Submit(ShippedData.CurrentTemplate, Now));
        Assert.Empty(assessment.NewEvents);
    }

    [Fact]
    public void An_alert_level_change_is_the_procurements_own_event_and_the_same_level_is_none()
    {
        var profile = ShippedData.Profile("government-web-hosting");
        var procurement = Procurement.Create("proc-1", "pm", "Portal", "pm@buyer.example", profile, "normal", null, Now);

        procurement.ChangeAlertLevel(profile, "normal");
        Assert.Empty(procurement.NewEvents);
        procurement.ChangeAlertLevel(profile, "high");

        var e = Assert.Single(procurement.TakeNewEvents());
        Assert.Equal(("alertlevel.changed", "proc-1.procurement.1.alertlevel.changed", "procurements/proc-1"), (e.Name, e.Id, e.Subject));
        Assert.Null(e.AssessmentId);
        Assert.Equal(("normal", "high", "government-web-hosting"), (e.Data["previousAlertLevel"], e.Data["alertLevel"], e.Data["profileId"]));
    }
}
