using SupplierAssessment.Adapters;
using SupplierAssessment.Adapters.Email;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Api;

/// <summary>An invitation refused: this email is already invited to the procurement (and not withdrawn). The API's 409.</summary>
public sealed class AlreadyInvitedException(Assessment existing)
    : WorkflowException($"{existing.SupplierEmail} is already invited to this procurement (as {existing.SupplierName}). Resend its link, or withdraw it before inviting again.")
{
    public Assessment Existing { get; } = existing;
}

/// <summary>
/// What a project manager does to the suppliers of a procurement — invite, resend the link, remind now, withdraw, move
/// the due date — in one place for the API (<see cref="ProcurementFunctions"/>) and the procurement page: the same
/// rules, audit rows and emails either way (issue 10).
/// </summary>
public sealed class SupplierActions(AssessmentStore assessments, ProcurementStore procurements, AuditTrail audit, KeptLinks keptLinks,
    SupplierMail mail, TimeProvider time)
{
    /// <summary>
    /// Invites <paramref name="supplierEmail"/> (checked by the caller: a plain address; the name 1–200 showable
    /// characters): a new assessment whose link works through the procurement's due date, kept sealed for reminders,
    /// audited, and emailed. Returns the assessment and whether the email went.
    /// </summary>
    /// <exception cref="AlreadyInvitedException">The email (case-insensitive) is already invited and not withdrawn.</exception>
    /// <exception cref="WorkflowException">The due date is past: the project manager extends it first.</exception>
    public async Task<(Assessment Assessment, bool Emailed)> InviteAsync(
        Procurement procurement, string supplierName, string supplierEmail, string language, string actor, CancellationToken ct)
    {
        var email = supplierEmail.Trim();
        var existing = (await assessments.ListAsync(procurement.Id, ct)).Select(s => s.Assessment)
            .FirstOrDefault(a => a.State != AssessmentState.Withdrawn && string.Equals(a.SupplierEmail, email, StringComparison.OrdinalIgnoreCase));
        if (existing is not null)
        {
            throw new AlreadyInvitedException(existing);
        }
        var now = time.GetUtcNow();
        if (procurement.AnswersDue.ClosesAt <= now)
        {
            throw new WorkflowException(Assessment.DeadlinePassed);
        }
        var (assessment, link) = Assessment.Invite(procurement.Id, supplierName.Trim(), email, ShippedData.CurrentTemplate, now,
            procurement.AnswersDue, language);
        keptLinks.Keep(assessment, link);
        await assessments.AddAsync(assessment, procurement.OwnerId, ct);
        await audit.RecordAsync(procurement.Id, actor, "supplier invited", assessment.Id, cancellationToken: ct);
        return (assessment, await mail.SendInvitationAsync(procurement, assessment, link, ct));
    }

    /// <summary>
    /// A new link through the procurement's due date (the old one stops working), kept, audited and emailed. Returns
    /// whether the email went.
    /// </summary>
    /// <exception cref="WorkflowException">Submitted or withdrawn, or the due date is past.</exception>
    /// <exception cref="StaleWriteException">The assessment changed since it was read (nothing saved).</exception>
    public async Task<bool> ResendAsync(Procurement procurement, StoredAssessment stored, string actor, CancellationToken ct)
    {
        var assessment = stored.Assessment;
        if (assessment.State == AssessmentState.Withdrawn)
        {
            throw new WorkflowException("This supplier was withdrawn: invite them again to send a new link.");
        }
        var link = assessment.RenewLink(procurement.AnswersDue, time.GetUtcNow());
        keptLinks.Keep(assessment, link);
        await assessments.SaveAsync(assessment, stored.OwnerId, stored.ETag, ct);
        await audit.RecordAsync(procurement.Id, actor, "link resent", assessment.Id, cancellationToken: ct);
        return await mail.SendInvitationAsync(procurement, assessment, link, ct);
    }

    /// <summary>
    /// "Remind now": one reminder to a supplier who has not submitted, with their working link when it is kept (else the
    /// reminder sends them back to the invitation). Audited. Returns whether the email went.
    /// </summary>
    /// <exception cref="WorkflowException">Submitted, withdrawn, expired or revoked: nothing to remind of.</exception>
    /// <exception cref="StaleWriteException">The assessment changed since it was read (the email went; the next timer run knows it was reminded).</exception>
    public async Task<bool> RemindAsync(Procurement procurement, StoredAssessment stored, string actor, CancellationToken ct)
    {
        var assessment = stored.Assessment;
        var now = time.GetUtcNow();
        if (!assessment.CanBeReminded(now))
        {
            var why = assessment.State.IsOpenForAnswers() && assessment.LinkRevoked ? "link revoked"
                : assessment.State.IsOpenForAnswers() ? "due date past" : assessment.State.ToId();
            throw new WorkflowException($"{assessment.SupplierName} has no open questionnaire to be reminded of ({why}).");
        }
        try
        {
            // Each press is its own email (a key of its own), so two presses in the same second are two reminders, both audited.
            await SendReminderAsync(procurement, stored, $"reminder:{assessment.Id}:now:{now:yyyyMMddHHmmss}:{Ids.New()}", actor, null, now, ct);
            return true;
        }
        catch (MailDeliveryException)
        {
            return false;
        }
    }

    /// <summary>
    /// The timer's reminder, <paramref name="daysBefore"/> (7 or 1) days before the link's due date; its key names the due
    /// date and the day, so a run that finds it already sent only records it.
    /// </summary>
    /// <exception cref="MailDeliveryException">SendGrid refused it: the next run sends it.</exception>
    /// <exception cref="EmailClaimHeldException">Another run is sending it.</exception>
    /// <exception cref="StaleWriteException">The supplier saved meanwhile: the next run records it.</exception>
    public Task RemindDueAsync(Procurement procurement, StoredAssessment stored, int daysBefore, CancellationToken ct) =>
        SendReminderAsync(procurement, stored, $"reminder:{stored.Assessment.Id}:{stored.Assessment.LinkDeadline.IsoDate}:d{daysBefore}",
            "system", $"{daysBefore} days before the due date", time.GetUtcNow(), ct);

    /// <summary>One reminder, whoever asks: sent once for its key, audited when it went, then recorded on the assessment.</summary>
    private async Task SendReminderAsync(Procurement procurement, StoredAssessment stored, string key, string actor, string? details,
        DateTimeOffset now, CancellationToken ct)
    {
        if (await mail.SendReminderAsync(procurement, stored.Assessment, key, ct))
        {
            await audit.RecordAsync(procurement.Id, actor, "reminder sent", stored.Assessment.Id, details, ct);
        }
        stored.Assessment.RecordReminder(now);
        await assessments.SaveAsync(stored.Assessment, stored.OwnerId, stored.ETag, ct);
    }

    /// <summary>The supplier's link stops working at once; audited once (revoking a revoked link changes and records nothing).</summary>
    /// <exception cref="StaleWriteException">The assessment changed since it was read (nothing saved).</exception>
    public async Task RevokeAsync(StoredAssessment stored, string actor, CancellationToken ct)
    {
        if (stored.Assessment.LinkRevoked)
        {
            return;
        }
        stored.Assessment.RevokeLink();
        await assessments.SaveAsync(stored.Assessment, stored.OwnerId, stored.ETag, ct);
        await audit.RecordAsync(stored.Assessment.ProcurementId, actor, "link revoked", stored.Assessment.Id, cancellationToken: ct);
    }

    /// <summary>Withdraws the supplier: state <c>withdrawn</c>, link dead at once, out of the ranking; audited. Again: nothing changes.</summary>
    /// <exception cref="StaleWriteException">The assessment changed since it was read (nothing saved).</exception>
    public async Task WithdrawAsync(StoredAssessment stored, string actor, CancellationToken ct)
    {
        if (stored.Assessment.State == AssessmentState.Withdrawn)
        {
            return;
        }
        stored.Assessment.Withdraw();
        await assessments.SaveAsync(stored.Assessment, stored.OwnerId, stored.ETag, ct);
        await audit.RecordAsync(stored.Assessment.ProcurementId, actor, "supplier withdrawn", stored.Assessment.Id, cancellationToken: ct);
    }

    /// <summary>
    /// Moves the answers' due date to <paramref name="due"/> (checked by the caller with <see cref="AnswerDeadline.Problem"/>)
    /// and every live link with it — an assessment that expired under the old date opens again with the same link — then
    /// audits "due date changed"; each supplier still answering is emailed the new date with their link. Returns how many
    /// links moved, how many changed meanwhile and kept their old date (the same change again moves them), and how many
    /// suppliers were emailed.
    /// </summary>
    /// <exception cref="StaleWriteException">The procurement changed since it was read (nothing saved).</exception>
    public async Task<(int Moved, int NotMoved, int Emailed)> ChangeDueDateAsync(Procurement procurement, AnswerDeadline due, string actor, CancellationToken ct)
    {
        var previous = procurement.ChangeAnswersDue(due);
        if (!previous.Equals(due))
        {
            await procurements.SaveAsync(procurement, ct);
        }
        var now = time.GetUtcNow();
        var (moved, notMoved, emailed) = (0, 0, 0);
        foreach (var stored in await assessments.ListAsync(procurement.Id, ct))
        {
            if (!stored.Assessment.LinkRevoked && stored.Assessment.MoveDeadline(due, now))
            {
                try
                {
                    await assessments.SaveAsync(stored.Assessment, stored.OwnerId, stored.ETag, ct);
                    moved++;
                }
                catch (StaleWriteException)
                {
                    notMoved++;
                    continue;
                }
                if (stored.Assessment.State.IsOpenForAnswers() && await mail.SendDueDateMovedAsync(procurement, stored.Assessment, now, ct))
                {
                    emailed++;
                }
            }
        }
        if (!previous.Equals(due) || moved > 0)
        {
            await audit.RecordAsync(procurement.Id, actor, "due date changed", details: $"{previous} → {due}", cancellationToken: ct);
        }
        return (moved, notMoved, emailed);
    }
}

/// <summary>
/// The supplier's emails as sent: the invitation (at once, idempotency key per link) and the reminders (once per key,
/// through <see cref="NotificationLog"/>), in the supplier's language, saying the due date and its zone.
/// </summary>
public sealed class SupplierMail(IMailer mailer, NotificationLog notifications, AppLinks links, KeptLinks keptLinks, TimeProvider time,
    ILogger<SupplierMail> logger)
{
    /// <summary>Emails <paramref name="link"/> to the supplier: true once sent, false when delivery failed (logged, never thrown).</summary>
    public async Task<bool> SendInvitationAsync(Procurement procurement, Assessment assessment, SupplierLink link, CancellationToken ct)
    {
        // In the supplier's language, and the link opens the questionnaire in it.
        var language = assessment.SupplierLanguage;
        var (subject, html, text) = SupplierEmails.Invitation(assessment.SupplierName, procurement.Name,
            links.Questionnaire(link.Token, language), assessment.LinkDeadline, language);
        try
        {
            await mailer.SendAsync(new EmailMessage(assessment.SupplierEmail, assessment.SupplierName,
                subject, html, text, $"invitation:{assessment.Id}:{link.SecretHash[..8]}"), ct);
            return true;
        }
        catch (MailDeliveryException e)
        {
            logger.LogWarning("Invitation email for {AssessmentId} failed ({Status}); the project manager can resend it", assessment.Id, e.StatusCode);
            return false;
        }
    }

    /// <summary>
    /// Sends the reminder for <paramref name="key"/> once: with the supplier's kept link (<see cref="KeptLinks"/>) when it
    /// can be recovered. False when that key was already sent.
    /// </summary>
    /// <exception cref="MailDeliveryException">SendGrid refused it (the claim is released: a retry sends it).</exception>
    /// <exception cref="EmailClaimHeldException">Another delivery is sending it.</exception>
    public Task<bool> SendReminderAsync(Procurement procurement, Assessment assessment, string key, CancellationToken ct)
    {
        var language = assessment.SupplierLanguage;
        var deadline = assessment.LinkDeadline;
        var link = keptLinks.Recover(assessment) is { } kept ? links.Questionnaire(kept.Token, language) : null;
        var (subject, html, text) = SupplierEmails.Reminder(assessment.SupplierName, procurement.Name, link, deadline,
            deadline.DaysLeft(time.GetUtcNow()), language);
        var message = new EmailMessage(assessment.SupplierEmail, assessment.SupplierName, subject, html, text, key);
        return notifications.SendOnceAsync(procurement.Id, key, token => mailer.SendAsync(message, token), ct);
    }

    /// <summary>
    /// Tells a supplier who has not submitted that the due date moved, with their kept link: once per change (key
    /// <c>due-moved:{assessment}:{date}:{zone}:{change time}</c>, so moving back to a date used before is told again).
    /// False when it could not be sent (logged, never thrown): the next reminder says the new date anyway.
    /// </summary>
    public async Task<bool> SendDueDateMovedAsync(Procurement procurement, Assessment assessment, DateTimeOffset changedAt, CancellationToken ct)
    {
        var language = assessment.SupplierLanguage;
        var deadline = assessment.LinkDeadline;
        var key = $"due-moved:{assessment.Id}:{deadline.Date:yyyy-MM-dd}:{deadline.TimeZone}:{changedAt:yyyyMMddHHmmssfff}";
        var link = keptLinks.Recover(assessment) is { } kept ? links.Questionnaire(kept.Token, language) : null;
        var (subject, html, text) = SupplierEmails.DueDateMoved(assessment.SupplierName, procurement.Name, link, deadline, language);
        var message = new EmailMessage(assessment.SupplierEmail, assessment.SupplierName, subject, html, text, key);
        try
        {
            return await notifications.SendOnceAsync(procurement.Id, key, token => mailer.SendAsync(message, token), ct);
        }
        catch (Exception e) when (e is MailDeliveryException or EmailClaimHeldException)
        {
            logger.LogWarning("The due-date email for assessment {AssessmentId} was not sent ({Error}); its next reminder says the new date", assessment.Id, e.Message);
            return false;
        }
    }
}
