using Microsoft.Extensions.DependencyInjection;
using SupplierAssessment.Adapters.Storage;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace SupplierAssessment.Functions.Tests;

/// <summary>
/// A supplier email never lost with its change (issue 13, "invitation and reminder emails"): the invitation, a new link
/// and a reminder are stored with their change; one SendGrid could not take now goes out from the dispatcher, once; one
/// SendGrid refused for good is audited and never retried; one made obsolete meanwhile is not sent.
/// </summary>
public class SupplierEmailOutboxTests(ImpatientOutboxApp app) : IClassFixture<ImpatientOutboxApp>
{
    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(30);

    private async Task RunDispatcherAsync()
    {
        using var fired = await app.Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/admin/functions/DispatchFollowUps")
        {
            Content = JsonContent.Create(new { input = "" }), Headers = { { "x-functions-key", app.Host.MasterKey } },
        });
        Assert.Equal(HttpStatusCode.Accepted, fired.StatusCode);
    }

    /// <summary>The dispatcher twice more, then a pause: time for anything sent twice to arrive.</summary>
    private async Task SettleAsync()
    {
        await RunDispatcherAsync();
        await RunDispatcherAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
    }

    private async Task<(string AssessmentId, JsonNode Body)> InviteAsync(string procurementId, string name, string email)
    {
        using var response = await app.ProjectManager.PostAsJsonAsync($"/api/procurements/{procurementId}/invitations", new { supplierName = name, supplierEmail = email });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        return ((string)body["assessment"]!["id"]!, body);
    }

    /// <summary>The supplier's emails not sent yet, as <c>GET /api/procurements/{id}</c> lists them.</summary>
    private async Task<string[]> WaitingAsync(string procurementId, string assessmentId)
    {
        var procurement = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}");
        var assessment = procurement!["assessments"]!.AsArray().Single(a => (string)a!["id"]! == assessmentId)!;
        return [.. assessment["emailsWaiting"]!.AsArray().Select(k => (string)k!)];
    }

    private async Task<JsonArray> AuditAsync(string procurementId) =>
        (await app.ProjectManager.GetFromJsonAsync<JsonArray>($"/api/procurements/{procurementId}/audit"))!;

    [Fact]
    public async Task An_invitation_SendGrid_could_not_take_goes_out_from_the_dispatcher_once_with_a_working_link()
    {
        var procurementId = await app.CreateProcurementAsync("Outbox invitations");
        app.Mail.FailNext(1, 503);
        var (assessmentId, body) = await InviteAsync(procurementId, "Patient Hosting", "sec@patient.outbox.example");
        Assert.False((bool)body["invitationEmailed"]!);
        Assert.Equal("willRetry", (string)body["invitationEmail"]!);
        Assert.DoesNotContain(app.Mail.Mails, m => m.IdempotencyKey?.StartsWith($"invitation:{assessmentId}:") == true);
        Assert.Equal(["invitation"], await WaitingAsync(procurementId, assessmentId)); // the project manager sees it waiting
        Assert.Equal("invitation", (string)Assert.Single(body["assessment"]!["emailsWaiting"]!.AsArray())!); // and the invitation's answer says so too

        await RunDispatcherAsync();
        var invitation = await app.Mail.WaitForMailAsync(m => m.IdempotencyKey?.StartsWith($"invitation:{assessmentId}:") == true, MailWait);
        Assert.Equal("sec@patient.outbox.example", invitation.To);
        using (var opened = await app.Anonymous.GetAsync($"/api/questionnaires/{Uri.EscapeDataString(PipelineApp.TokenIn(invitation.Text!))}"))
        {
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode); // the link recovered from its sealed copy works
        }

        await SettleAsync();
        Assert.Single(app.Mail.Mails, m => m.IdempotencyKey?.StartsWith($"invitation:{assessmentId}:") == true);
        Assert.Empty(await WaitingAsync(procurementId, assessmentId));
    }

    [Fact]
    public async Task An_email_sent_by_a_process_that_died_before_settling_its_row_is_not_listed_as_waiting()
    {
        var procurementId = await app.CreateProcurementAsync("Outbox died after sending");
        app.Mail.FailNext(1, 503);
        var (assessmentId, _) = await InviteAsync(procurementId, "Sent Hosting", "sec@sent.outbox.example");
        Assert.Equal(["invitation"], await WaitingAsync(procurementId, assessmentId));

        // What a sender killed between SendGrid's 202 and the settling leaves: the email marked sent, its row unsettled.
        var followUp = Assert.Single(await app.Services.GetRequiredService<StageOutbox>().ListUnsettledAsync(procurementId, assessmentId));
        var key = SupplierAssessment.Functions.Stages.StageMessage.TryParse(followUp.Message)!.Email!;
        await app.Services.GetRequiredService<NotificationLog>().SendOnceAsync(procurementId, key, _ => Task.CompletedTask);

        Assert.Empty(await WaitingAsync(procurementId, assessmentId)); // a second trial saw it listed for minutes
    }

    [Fact]
    public async Task An_invitation_SendGrid_refused_for_good_is_audited_and_never_retried()
    {
        var procurementId = await app.CreateProcurementAsync("Outbox refusals");
        app.Mail.FailNext(1, 400);
        var (assessmentId, body) = await InviteAsync(procurementId, "Refused Hosting", "sec@refused.outbox.example");
        Assert.Equal("refused", (string)body["invitationEmail"]!);
        var refused = Assert.Single(await AuditAsync(procurementId), e => (string)e!["action"]! == "email refused");
        Assert.Equal(assessmentId, (string)refused!["assessmentId"]!);

        await SettleAsync();
        Assert.DoesNotContain(app.Mail.Mails, m => m.IdempotencyKey?.StartsWith($"invitation:{assessmentId}:") == true);
    }

    [Fact]
    public async Task A_pending_invitation_whose_link_was_renewed_is_not_sent_only_the_new_link_is()
    {
        var procurementId = await app.CreateProcurementAsync("Outbox renewals");
        app.Mail.FailNext(1, 503);
        var (assessmentId, body) = await InviteAsync(procurementId, "Renewed Hosting", "sec@renewed.outbox.example");
        Assert.Equal("willRetry", (string)body["invitationEmail"]!);

        using (var resent = await app.ProjectManager.PostAsync($"/api/procurements/{procurementId}/assessments/{assessmentId}/resend", null))
        {
            Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
            Assert.Equal("sent", (string)(await resent.Content.ReadFromJsonAsync<JsonNode>())!["invitationEmail"]!);
        }
        Assert.Empty(await WaitingAsync(procurementId, assessmentId)); // the old link's invitation is no longer wanted: not waiting
        var renewed = await app.Mail.WaitForMailAsync(m => m.IdempotencyKey?.StartsWith($"invitation:{assessmentId}:") == true, MailWait);

        await SettleAsync();
        Assert.Equal(renewed.IdempotencyKey, Assert.Single(app.Mail.Mails, m => m.IdempotencyKey?.StartsWith($"invitation:{assessmentId}:") == true).IdempotencyKey);
        using var opened = await app.Anonymous.GetAsync($"/api/questionnaires/{Uri.EscapeDataString(PipelineApp.TokenIn(renewed.Text!))}");
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
    }

    [Fact]
    public async Task A_reminder_SendGrid_could_not_take_is_recorded_then_sent_and_audited_once()
    {
        var procurementId = await app.CreateProcurementAsync("Outbox reminders");
        var (assessmentId, _) = await app.InviteAsync(procurementId, "Reminded Hosting", "sec@reminded.outbox.example");
        app.Mail.FailNext(1, 429);
        using (var remind = await app.ProjectManager.PostAsync($"/api/procurements/{procurementId}/assessments/{assessmentId}/remind", null))
        {
            Assert.Equal(HttpStatusCode.OK, remind.StatusCode);
            Assert.Equal("willRetry", (string)(await remind.Content.ReadFromJsonAsync<JsonNode>())!["reminderEmail"]!);
        }
        Assert.DoesNotContain(await AuditAsync(procurementId), e => (string)e!["action"]! == "reminder sent");
        Assert.Equal(["reminder"], await WaitingAsync(procurementId, assessmentId));

        await RunDispatcherAsync();
        var reminder = await app.Mail.WaitForMailAsync(m => m.IdempotencyKey?.StartsWith($"reminder:{assessmentId}:") == true, MailWait);
        Assert.Contains("/q/", reminder.Text); // with the supplier's working link

        await SettleAsync();
        Assert.Single(app.Mail.Mails, m => m.IdempotencyKey?.StartsWith($"reminder:{assessmentId}:") == true);
        var sent = Assert.Single(await AuditAsync(procurementId), e => (string)e!["action"]! == "reminder sent");
        Assert.Equal(assessmentId, (string)sent!["assessmentId"]!);
        Assert.Equal("pm@buyer.example", (string)sent["actor"]!); // who pressed "Remind now", though the dispatcher sent it (fresh user's trial)
    }
}
