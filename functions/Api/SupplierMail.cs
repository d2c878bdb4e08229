using SupplierAssessment.Adapters;
using SupplierAssessment.Adapters.Email;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Functions.Hosting;
using SupplierAssessment.Functions.Stages;

namespace SupplierAssessment.Functions.Api;

/// <summary>What became of a supplier email a request tried to send at once (<see cref="SupplierMail.SendNowAsync"/>).</summary>
public enum EmailOutcome
{
    /// <summary>SendGrid accepted it (or had already: the key was marked sent).</summary>
    Sent,

    /// <summary>
    /// Not sent now (SendGrid unreachable, throttled or failing, or another delivery holds its claim): its outbox row
    /// stays pending and the dispatcher sends it again within minutes.
    /// </summary>
    WillRetry,

    /// <summary>SendGrid refused it for good (a bad address, a forbidden sender): not retried; audited as "email refused".</summary>
    Refused,
}

/// <summary>A supplier email named by its key, with the outbox follow-up that sends it (<see cref="SupplierMail.Pending"/>).</summary>
public sealed record PendingEmail(string Key, FollowUp FollowUp);

/// <summary>
/// The supplier's emails — the invitation (a new link), the reminders, the due date moved — in the supplier's language,
/// saying the due date and its zone, each with the supplier's working link recovered from its sealed copy
/// (<see cref="KeptLinks"/>). Every one is named by a key (<see cref="InvitationKey"/>, <see cref="ReminderKey"/>,
/// <see cref="DueMovedKey"/>), stored as a follow-up in the same transaction as the change that calls for it
/// (<see cref="StageOutbox"/>, issue 13) and sent once per key through <see cref="NotificationLog"/>: at once by the
/// request (<see cref="SendNowAsync"/>), else by the <c>SendSupplierEmail</c> stage when the dispatcher sends the
/// follow-up again. The content is made at sending time from the stored assessment, so an email made obsolete
/// meanwhile (a newer link, a later due date, the supplier submitted) is not sent.
/// </summary>
public sealed partial class SupplierMail(
    IMailer mailer, NotificationLog notifications, AppLinks links, KeptLinks keptLinks, StageQueues queues, StageOutbox outbox,
    AuditTrail audit, TimeProvider time, ILogger<SupplierMail> logger)
{
    /// <summary>The kinds of supplier email: a key's first part, and what <see cref="WaitingAsync"/> lists.</summary>
    public const string InvitationKind = "invitation", ReminderKind = "reminder", DueMovedKind = "due-moved";

    private const string Invitation = InvitationKind + ":";
    private const string Reminder = ReminderKind + ":";
    private const string DueMoved = DueMovedKind + ":";

    /// <summary>The invitation of the assessment's current link: <c>invitation:{assessment}:{first 8 of the link's hash}</c>.</summary>
    public static string InvitationKey(Assessment assessment) => $"{Invitation}{assessment.Id}:{assessment.LinkHash[..8]}";

    /// <summary>
    /// A reminder: the timer's names the due date and the day (<c>reminder:{assessment}:{date}:d7</c>), so that it goes
    /// once; "Remind now" (<paramref name="daysBefore"/> null) names the moment and a fresh id, each press its own email.
    /// </summary>
    public static string ReminderKey(Assessment assessment, int? daysBefore, DateTimeOffset now) => daysBefore is { } days
        ? $"{Reminder}{assessment.Id}:{assessment.LinkDeadline.IsoDate}:d{days}"
        : $"{Reminder}{assessment.Id}:now:{now:yyyyMMddHHmmss}:{Ids.New()}";

    /// <summary>
    /// The due date moved: <c>due-moved:{assessment}:{date}:{zone}:{change time}</c>, so that moving back to a date used
    /// before is told again.
    /// </summary>
    public static string DueMovedKey(Assessment assessment, DateTimeOffset changedAt) =>
        $"{DueMovedPrefix(assessment)}{changedAt:yyyyMMddHHmmssfff}";

    private static string DueMovedPrefix(Assessment assessment) =>
        $"{DueMoved}{assessment.Id}:{assessment.LinkDeadline.IsoDate}:{assessment.LinkDeadline.TimeZone}:";

    /// <summary>
    /// Email <paramref name="key"/> of <paramref name="assessment"/>, asked for by <paramref name="actor"/>, and the
    /// follow-up that sends it: store <see cref="PendingEmail.FollowUp"/> with the change. The actor travels with it, so
    /// that a reminder the dispatcher sends later is audited as the project manager's, not the system's.
    /// </summary>
    public PendingEmail Pending(Assessment assessment, string key, string actor) =>
        new(key, queues.FollowUp(StageQueues.SupplierEmail, new StageMessage(assessment.ProcurementId, assessment.Id, Email: key, Actor: actor)));

    /// <summary>
    /// Sends a stored follow-up's email right after its change was committed (the request's path). Never throws for
    /// mail or storage trouble: the follow-up stays pending and the dispatcher sends it again.
    /// </summary>
    public async Task<EmailOutcome> SendNowAsync(Procurement procurement, Assessment assessment, PendingEmail email, string actor, CancellationToken ct)
    {
        var key = email.Key;
        try
        {
            return await DeliverAsync(procurement, assessment, key, email.FollowUp.RowKey, actor, ct) == Delivery.Refused ? EmailOutcome.Refused : EmailOutcome.Sent;
        }
        catch (Exception e) when (e is MailDeliveryException or EmailClaimHeldException || StageQueues.IsUnavailable(e))
        {
            logger.LogWarning("Email {Key} was not sent now ({Error}); the dispatcher sends it again", key, e.Message);
            return EmailOutcome.WillRetry;
        }
    }

    /// <summary>What <see cref="DeliverAsync"/> did.</summary>
    public enum Delivery
    {
        /// <summary>Sent now.</summary>
        Sent,

        /// <summary>Its key was already marked sent: nothing sent.</summary>
        AlreadySent,

        /// <summary>No longer wanted (a newer link or due date, the supplier submitted or was withdrawn): nothing sent.</summary>
        Obsolete,

        /// <summary>SendGrid refused it for good: not retried, audited.</summary>
        Refused,
    }

    /// <summary>
    /// Sends email <paramref name="key"/> of the assessment once (claim, send, mark sent), audits a reminder that went
    /// and a refusal for good, then settles the follow-up row <paramref name="outboxRow"/> — unless it must be tried
    /// again, which it signals by throwing.
    /// </summary>
    /// <exception cref="MailDeliveryException">SendGrid unreachable or refusing for now (retryable): try again later.</exception>
    /// <exception cref="EmailClaimHeldException">Another delivery is sending it right now.</exception>
    public async Task<Delivery> DeliverAsync(Procurement procurement, Assessment assessment, string key, string? outboxRow, string actor, CancellationToken ct)
    {
        Delivery delivery;
        AuditNote? audited = null;
        if (Compose(procurement, assessment, key, time.GetUtcNow()) is not { } message)
        {
            logger.LogInformation("Email {Key} is no longer wanted: not sent", key);
            delivery = Delivery.Obsolete;
        }
        else
        {
            try
            {
                delivery = await notifications.SendOnceAsync(procurement.Id, key, token => mailer.SendAsync(message, token), ct)
                    ? Delivery.Sent : Delivery.AlreadySent;
            }
            catch (MailDeliveryException e) when (!e.Retryable)
            {
                logger.LogWarning("Email {Key} was refused for good ({Status}): not retried", key, e.StatusCode);
                audited = audit.Note(procurement.Id, "system", "email refused", assessment.Id, $"{KindOf(key)}: {e.Message}");
                delivery = Delivery.Refused;
            }
        }
        if (delivery == Delivery.Sent && key.StartsWith(Reminder, StringComparison.Ordinal))
        {
            var timer = TimerReminder().Match(key);
            audited = audit.Note(procurement.Id, actor, "reminder sent", assessment.Id,
                timer.Success ? $"{timer.Groups["days"].Value} days before the due date" : null);
        }
        try
        {
            await outbox.SettleAsync(procurement.Id, outboxRow, ct, audited); // the row settled and the audit entry: one transaction
        }
        catch (Exception e) when (StageQueues.IsUnavailable(e))
        {
            // The email's fate is known (and recorded for a sent one): the dispatcher sends the row again, and that
            // delivery finds it sent, or obsolete, and settles it.
            logger.LogWarning("The outbox row of email {Key} could not be settled ({Error}); the next delivery settles it", key, e.Message);
        }
        return delivery;
    }

    /// <summary>
    /// The email <paramref name="key"/> names, made now from the stored assessment; null when it is no longer wanted:
    /// an invitation whose link was replaced or revoked, or whose supplier submitted; a reminder to a supplier who can no
    /// longer be reminded (<see cref="Assessment.CanBeReminded"/>); a due-date email for a date since changed again.
    /// </summary>
    public EmailMessage? Compose(Procurement procurement, Assessment assessment, string key, DateTimeOffset now)
    {
        var language = assessment.SupplierLanguage;
        var deadline = assessment.LinkDeadline;
        var link = keptLinks.Recover(assessment) is { } kept ? links.Questionnaire(kept.Token, language) : null;
        if (!Wanted(assessment, key, now, () => link is not null))
        {
            return null;
        }
        var content = KindOf(key) switch
        {
            InvitationKind => SupplierEmails.Invitation(assessment.SupplierName, procurement.Name, link!, deadline, language),
            ReminderKind => SupplierEmails.Reminder(assessment.SupplierName, procurement.Name, link, deadline, deadline.DaysLeft(now), language),
            _ => SupplierEmails.DueDateMoved(assessment.SupplierName, procurement.Name, link, deadline, language),
        };
        return new EmailMessage(assessment.SupplierEmail, assessment.SupplierName, content.Subject, content.Html, content.Text, key);
    }

    /// <summary>
    /// Whether email <paramref name="key"/> is still wanted now: an invitation of the current link, kept
    /// (<paramref name="linkKept"/>), not revoked, the questionnaire open; a reminder to a supplier who can be reminded;
    /// a due-date email for the current due date, the questionnaire open. Any other key: no.
    /// </summary>
    private static bool Wanted(Assessment assessment, string key, DateTimeOffset now, Func<bool> linkKept) => KindOf(key) switch
    {
        InvitationKind => key == InvitationKey(assessment) && !assessment.LinkRevoked && assessment.State.IsOpenForAnswers() && linkKept(),
        ReminderKind => assessment.CanBeReminded(now),
        DueMovedKind => key.StartsWith(DueMovedPrefix(assessment), StringComparison.Ordinal) && assessment.State.IsOpenForAnswers(),
        _ => false,
    };

    /// <summary>
    /// The procurement's supplier emails stored with their change and not sent yet, still wanted
    /// (<see cref="Compose"/> would make them): by assessment id, their kinds (<c>invitation</c>, <c>reminder</c>,
    /// <c>due-moved</c>), oldest first. The dispatcher sends them again within minutes (ADR-005). One range query of the
    /// procurement's outbox rows, and a point read of the notification log per row left, all at once, since a process that
    /// died between the send and the settling leaves a row unsettled whose email went (a second trial saw it listed).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> WaitingAsync(
        string procurementId, IReadOnlyList<StoredAssessment> assessments, CancellationToken ct)
    {
        var byId = assessments.ToDictionary(s => s.Assessment.Id, s => s.Assessment, StringComparer.Ordinal);
        var now = time.GetUtcNow();
        // The link is recovered (decrypted) only for an invitation that could still be wanted; the log is read for the
        // rows left, at once (a view waits for the slowest read, not for their sum: many wait during a SendGrid outage).
        var wanted = (await outbox.ListUnsettledAsync(procurementId, ct))
            .Select(f => f.Queue == StageQueues.SupplierEmail && StageMessage.TryParse(f.Message) is { Email: { } key } message
                && byId.TryGetValue(message.AssessmentId, out var assessment) && Wanted(assessment, key, now, () => keptLinks.Recover(assessment) is not null)
                ? (AssessmentId: assessment.Id, Key: key) : default)
            .Where(w => w.Key is not null)
            .ToList();
        var sent = await Task.WhenAll(wanted.Select(w => notifications.WasSentAsync(procurementId, w.Key, ct)));
        var waiting = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (assessmentId, key) in wanted.Where((_, i) => !sent[i]))
        {
            (waiting.TryGetValue(assessmentId, out var kinds) ? kinds : waiting[assessmentId] = []).Add(KindOf(key));
        }
        return waiting.ToDictionary(w => w.Key, w => (IReadOnlyList<string>)w.Value, StringComparer.Ordinal);
    }

    /// <summary>The timer's reminder key (<see cref="ReminderKey"/> with a day): its last part is <c>d</c> and the days before.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^reminder:[^:]+:\d{4}-\d{2}-\d{2}:d(?<days>\d+)$")]
    private static partial System.Text.RegularExpressions.Regex TimerReminder();

    /// <summary>The kind a key names: <see cref="InvitationKind"/>, <see cref="ReminderKind"/> or <see cref="DueMovedKind"/> (its first part).</summary>
    private static string KindOf(string key) => key.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? key[..colon] : key;
}
