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
    /// stored with its invitation email's follow-up in one transaction, audited, and emailed at once. Returns the
    /// assessment and what became of the email (not sent now: the dispatcher sends it).
    /// </summary>
    /// <exception cref="AlreadyInvitedException">The email (case-insensitive) is already invited and not withdrawn.</exception>
    /// <exception cref="WorkflowException">The due date is past: the project manager extends it first.</exception>
    public async Task<(Assessment Assessment, EmailOutcome Email)> InviteAsync(
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
        var invitation = mail.Pending(assessment, SupplierMail.InvitationKey(assessment), actor);
        try
        {
            await assessments.AddAsync(assessment, procurement.OwnerId, ct, invitation.FollowUp,
                audit.Note(procurement.Id, actor, "supplier invited", assessment.Id, $"{assessment.SupplierName} <{assessment.SupplierEmail}>"));
        }
        catch (EmailAlreadyInvitedException e) when (e.HolderId is not null)
        {
            // Invited at the same moment by another request, which stored first.
            if (await assessments.FindAsync(procurement.Id, e.HolderId, ct) is { } holder)
            {
                throw new AlreadyInvitedException(holder.Assessment);
            }
            throw;
        }
        return (assessment, await mail.SendNowAsync(procurement, assessment, invitation, actor, ct));
    }

    /// <summary>
    /// A new link through the procurement's due date (the old one stops working), kept, stored with its invitation
    /// email's follow-up, audited and emailed at once. Returns what became of the email.
    /// </summary>
    /// <exception cref="WorkflowException">Submitted or withdrawn, or the due date is past.</exception>
    /// <exception cref="StaleWriteException">The assessment changed since it was read (nothing saved).</exception>
    public async Task<EmailOutcome> ResendAsync(Procurement procurement, StoredAssessment stored, string actor, CancellationToken ct)
    {
        var assessment = stored.Assessment;
        if (assessment.State == AssessmentState.Withdrawn)
        {
            throw new WorkflowException("This supplier was withdrawn: invite them again to send a new link.");
        }
        var link = assessment.RenewLink(procurement.AnswersDue, time.GetUtcNow());
        keptLinks.Keep(assessment, link);
        var email = mail.Pending(assessment, SupplierMail.InvitationKey(assessment), actor);
        await assessments.SaveAsync(assessment, stored.OwnerId, stored.ETag, ct, email.FollowUp, audit: audit.Note(procurement.Id, actor, "link resent", assessment.Id));
        return await mail.SendNowAsync(procurement, assessment, email, actor, ct);
    }

    /// <summary>
    /// "Remind now": one reminder to a supplier who has not submitted, with their working link when it is kept (else the
    /// reminder sends them back to the invitation); recorded on the assessment with its follow-up, sent at once, audited
    /// when it went. Returns what became of the email.
    /// </summary>
    /// <exception cref="WorkflowException">Submitted, withdrawn, expired or revoked: nothing to remind of.</exception>
    /// <exception cref="StaleWriteException">The assessment changed since it was read (nothing saved, nothing sent).</exception>
    public Task<EmailOutcome> RemindAsync(Procurement procurement, StoredAssessment stored, string actor, CancellationToken ct)
    {
        var assessment = stored.Assessment;
        var now = time.GetUtcNow();
        if (!assessment.CanBeReminded(now))
        {
            var why = assessment.State.IsOpenForAnswers() && assessment.LinkRevoked ? "link revoked"
                : assessment.State.IsOpenForAnswers() ? "due date past" : assessment.State.ToId();
            throw new WorkflowException($"{assessment.SupplierName} has no open questionnaire to be reminded of ({why}).");
        }
        return SendReminderAsync(procurement, stored, null, actor, now, ct);
    }

    /// <summary>
    /// The timer's reminder, <paramref name="daysBefore"/> (7 or 1) days before the link's due date; its key names the due
    /// date and the day, so it goes once. Returns what became of the email (not sent now: the dispatcher sends it).
    /// </summary>
    /// <exception cref="StaleWriteException">The supplier saved meanwhile: nothing saved or sent; the next run reminds them.</exception>
    public Task<EmailOutcome> RemindDueAsync(Procurement procurement, StoredAssessment stored, int daysBefore, CancellationToken ct) =>
        SendReminderAsync(procurement, stored, daysBefore, "system", time.GetUtcNow(), ct);

    /// <summary>
    /// One reminder, whoever asks: recorded on the assessment together with its email's follow-up (one transaction), then
    /// sent at once; the audit row is written when it went (<see cref="SupplierMail.DeliverAsync"/>).
    /// </summary>
    private async Task<EmailOutcome> SendReminderAsync(Procurement procurement, StoredAssessment stored, int? daysBefore, string actor,
        DateTimeOffset now, CancellationToken ct)
    {
        var email = mail.Pending(stored.Assessment, SupplierMail.ReminderKey(stored.Assessment, daysBefore, now), actor);
        stored.Assessment.RecordReminder(now);
        await assessments.SaveAsync(stored.Assessment, stored.OwnerId, stored.ETag, ct, email.FollowUp);
        return await mail.SendNowAsync(procurement, stored.Assessment, email, actor, ct);
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
        await assessments.SaveAsync(stored.Assessment, stored.OwnerId, stored.ETag, ct,
            audit: audit.Note(stored.Assessment.ProcurementId, actor, "link revoked", stored.Assessment.Id));
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
        await assessments.SaveAsync(stored.Assessment, stored.OwnerId, stored.ETag, ct, releasesEmail: true,
            audit: audit.Note(stored.Assessment.ProcurementId, actor, "supplier withdrawn", stored.Assessment.Id));
    }

    /// <summary>
    /// Moves the answers' due date to <paramref name="due"/> (checked by the caller with <see cref="AnswerDeadline.Problem"/>),
    /// audited "due date changed" in the procurement's own write, then every live link with it
    /// (<see cref="MoveLinkAsync"/>); each supplier still answering is emailed the new date with their link. The same
    /// date again moves the links still behind, each audited "link moved to the due date" in its own write, as the hourly
    /// timer does for links a process killed mid-way left behind (<see cref="Stages.Housekeeping"/>). Returns how many links moved, how
    /// many changed meanwhile and kept their old date (the same change again moves them), and how many suppliers were emailed.
    /// </summary>
    /// <exception cref="StaleWriteException">The procurement changed since it was read (nothing saved).</exception>
    public async Task<(int Moved, int NotMoved, int Emailed)> ChangeDueDateAsync(Procurement procurement, AnswerDeadline due, string actor, CancellationToken ct)
    {
        var previous = procurement.ChangeAnswersDue(due);
        if (!previous.Equals(due))
        {
            await procurements.SaveAsync(procurement, ct, [audit.Note(procurement.Id, actor, "due date changed", details: $"{previous} → {due}")]);
        }
        var (moved, notMoved, emailed) = (0, 0, 0);
        foreach (var stored in await assessments.ListAsync(procurement.Id, ct))
        {
            try
            {
                // The links that follow a date just saved are covered by its "due date changed" entry; a link caught up
                // later (the same date sent again) gets an entry of its own, in its own write.
                var (linkMoved, email) = await MoveLinkAsync(procurement, stored, actor, auditEach: previous.Equals(due), ct);
                moved += linkMoved ? 1 : 0;
                emailed += email == EmailOutcome.Sent ? 1 : 0;
            }
            catch (StaleWriteException)
            {
                notMoved++;
            }
        }
        return (moved, notMoved, emailed);
    }

    /// <summary>
    /// Moves one assessment's link to the procurement's due date if it is behind it (not revoked, not submitted; one
    /// expired under the old date opens again), stored with the email that tells a supplier still answering, sent at
    /// once; with <paramref name="auditEach"/>, audited "link moved to the due date" in the same write (a catch-up, not
    /// covered by a "due date changed" entry). Returns whether the link moved, and what became of its email (null: none was due).
    /// </summary>
    /// <exception cref="StaleWriteException">The assessment changed since it was read (nothing moved).</exception>
    public async Task<(bool Moved, EmailOutcome? Email)> MoveLinkAsync(Procurement procurement, StoredAssessment stored, string actor, bool auditEach, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (stored.Assessment.LinkRevoked || !stored.Assessment.MoveDeadline(procurement.AnswersDue, now))
        {
            return (false, null);
        }
        // Each supplier still answering is told, with their link: the email is stored with the move.
        var email = stored.Assessment.State.IsOpenForAnswers() ? mail.Pending(stored.Assessment, SupplierMail.DueMovedKey(stored.Assessment, now), actor) : null;
        await assessments.SaveAsync(stored.Assessment, stored.OwnerId, stored.ETag, ct, email?.FollowUp,
            audit: auditEach ? audit.Note(procurement.Id, actor, "link moved to the due date", stored.Assessment.Id, procurement.AnswersDue.ToString()) : null);
        return (true, email is null ? null : await mail.SendNowAsync(procurement, stored.Assessment, email, actor, ct));
    }
}
