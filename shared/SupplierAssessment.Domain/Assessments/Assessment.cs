using SupplierAssessment.Domain.Events;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Questionnaires;
using SupplierAssessment.Domain.Reports;

namespace SupplierAssessment.Domain.Assessments;

/// <summary>
/// One invited supplier's assessment within a procurement: its link, answers, ratings, the expert's corrections
/// and the report versions, moving through the states of DESIGN §3. Each change the buyer's other systems hear about
/// (issue #14) is recorded as an <see cref="IntegrationEvent"/> in <see cref="NewEvents"/>, numbered by
/// <see cref="EventCount"/>, for the store to write with the row.
/// </summary>
public sealed class Assessment
{
    public static readonly TimeSpan DefaultLinkLifetime = TimeSpan.FromDays(30);

    private readonly List<RatingOverride> _overrides;
    private readonly List<IntegrationEvent> _newEvents = [];

    public Assessment(
        string procurementId, string id, string supplierName, string supplierEmail, string templateKey,
        AssessmentState state, string linkHash, DateTimeOffset linkExpiresAt, bool linkRevoked,
        DateTimeOffset invitedAt, Answers answers, RatingGrid? declaredRatings = null,
        IEnumerable<RatingOverride>? overrides = null, int reportVersion = 0, string? reviewerId = null,
        DateTimeOffset? submittedAt = null, DateTimeOffset? lastReminderAt = null, int eventCount = 0, string supplierLanguage = "en",
        string reviewerLanguage = "en", string? reportAlertLevel = null, string? sealedLink = null, string? linkTimeZone = null)
    {
        SealedLink = sealedLink;
        LinkTimeZone = AnswerDeadline.TryFindZone(linkTimeZone)?.Id ?? AnswerDeadline.DefaultTimeZone;
        ProcurementId = procurementId;
        Id = id;
        SupplierName = supplierName;
        SupplierEmail = supplierEmail;
        TemplateKey = templateKey;
        State = state;
        LinkHash = linkHash;
        LinkExpiresAt = linkExpiresAt;
        LinkRevoked = linkRevoked;
        InvitedAt = invitedAt;
        Answers = answers;
        DeclaredRatings = declaredRatings;
        _overrides = [.. overrides ?? []];
        ReportVersion = reportVersion;
        ReportAlertLevel = reportAlertLevel;
        ReviewerId = reviewerId;
        SubmittedAt = submittedAt;
        LastReminderAt = lastReminderAt;
        EventCount = eventCount;
        SupplierLanguage = LocalizedText.LanguageOf(supplierLanguage);
        ReviewerLanguage = LocalizedText.LanguageOf(reviewerLanguage);
    }

    public string ProcurementId { get; }
    public string Id { get; }
    public string SupplierName { get; }
    public string SupplierEmail { get; }

    /// <summary>The supplier's language ("en" or "fr"), chosen at invitation: its emails and questionnaire link speak it.</summary>
    public string SupplierLanguage { get; }

    /// <summary>The template version pinned at invitation ("celar-hosting@1"): a later template never changes this assessment.</summary>
    public string TemplateKey { get; }

    public AssessmentState State { get; private set; }
    public string LinkHash { get; private set; }
    public DateTimeOffset LinkExpiresAt { get; private set; }
    public bool LinkRevoked { get; private set; }
    public DateTimeOffset InvitedAt { get; }
    public DateTimeOffset? SubmittedAt { get; private set; }
    public DateTimeOffset? LastReminderAt { get; private set; }
    public Answers Answers { get; private set; }

    /// <summary>The ratings the answers gave (null until scored).</summary>
    public RatingGrid? DeclaredRatings { get; private set; }

    public IReadOnlyList<RatingOverride> Overrides => _overrides;

    /// <summary>The newest report version (0: none yet).</summary>
    public int ReportVersion { get; private set; }

    /// <summary>
    /// The alert level the latest report version was measured at (null before the first report, or for a report written
    /// before this was kept): an alert-level change requests a new version for every report not at the new level.
    /// </summary>
    public string? ReportAlertLevel { get; private set; }

    /// <summary>The security expert assigned to review (null: none yet).</summary>
    public string? ReviewerId { get; private set; }

    /// <summary>The assigned expert's language ("en" or "fr"): their assignment email speaks it.</summary>
    public string ReviewerLanguage { get; private set; }

    /// <summary>Ratings after the expert's corrections; the declared ratings when there are none.</summary>
    public RatingGrid? VerifiedRatings =>
        DeclaredRatings?.With(_overrides.Select(o => KeyValuePair.Create(o.Cell, o.Rating)));

    /// <summary>How many integration events this assessment has ever recorded: the last one's sequence number.</summary>
    public int EventCount { get; private set; }

    /// <summary>Events recorded since the assessment was read, oldest first: the store writes them with the row.</summary>
    public IReadOnlyList<IntegrationEvent> NewEvents => _newEvents;

    /// <summary>The new events, handed over once (the store calls this as it writes the row).</summary>
    public IReadOnlyList<IntegrationEvent> TakeNewEvents()
    {
        IntegrationEvent[] events = [.. _newEvents];
        _newEvents.Clear();
        return events;
    }

    /// <summary>
    /// A new assessment and its personal link, which works through <paramref name="due"/>, the procurement's deadline
    /// (when not given: <see cref="DefaultLinkLifetime"/> from now, read in the default zone).
    /// </summary>
    public static (Assessment Assessment, SupplierLink Link) Invite(
        string procurementId, string supplierName, string supplierEmail, QuestionnaireTemplate template, DateTimeOffset now, AnswerDeadline? due = null,
        string supplierLanguage = "en")
    {
        var id = Ids.New();
        var link = SupplierLink.New(procurementId, id);
        var assessment = new Assessment(procurementId, id, supplierName, supplierEmail, template.Key, AssessmentState.Invited,
            link.SecretHash, due?.ClosesAt ?? now + DefaultLinkLifetime, linkRevoked: false, now, Answers.None, supplierLanguage: supplierLanguage,
            linkTimeZone: due?.TimeZone);
        assessment.Record(IntegrationEvents.SupplierInvited, new() { ["templateKey"] = template.Key, ["linkExpiresAt"] = assessment.LinkExpiresAt });
        return (assessment, link);
    }

    /// <summary>A link opens this assessment when its secret matches, it is not revoked and has not expired.</summary>
    public bool Admits(SupplierLink link, DateTimeOffset now) =>
        link.ProcurementId == ProcurementId && link.AssessmentId == Id && link.Matches(LinkHash)
        && !LinkRevoked && now < LinkExpiresAt && State != AssessmentState.Withdrawn;

    /// <summary>
    /// A new link (the old one stops working) that works until <paramref name="closesAt"/>, the procurement's deadline:
    /// "resend". <see cref="WorkflowException"/> once submitted or withdrawn, or when the deadline is already past
    /// (<see cref="DeadlinePassed"/>: the due date must be extended first).
    /// </summary>
    public SupplierLink RenewLink(AnswerDeadline due, DateTimeOffset now)
    {
        var closesAt = due.ClosesAt;
        if (!State.IsOpenForAnswers() && State != AssessmentState.Expired)
        {
            throw new WorkflowException("The questionnaire was already submitted: there is no link to resend.");
        }
        if (closesAt <= now)
        {
            throw new WorkflowException(DeadlinePassed);
        }
        var link = SupplierLink.New(ProcurementId, Id);
        LinkHash = link.SecretHash;
        SealedLink = null;
        LinkExpiresAt = closesAt;
        LinkTimeZone = due.TimeZone;
        LinkRevoked = false;
        if (State == AssessmentState.Expired)
        {
            State = Answers.Count > 0 ? AssessmentState.InProgress : AssessmentState.Invited;
        }
        return link;
    }

    /// <summary>Why no link can be made now (the API's 409 title).</summary>
    public const string DeadlinePassed = "The answers' due date is past: extend the due date first, then resend the link.";

    /// <summary>
    /// The personal link sealed so that only the app can read it back (ASP.NET Core Data Protection), for reminders that
    /// carry a working link; null when none was kept (an assessment invited before links were kept, or a renewed link not
    /// yet sealed). The domain never reads it: it is opaque here.
    /// </summary>
    public string? SealedLink { get; private set; }

    /// <summary>Keeps the sealed form of the current link (see <see cref="SealedLink"/>).</summary>
    public void KeepSealedLink(string sealedLink) => SealedLink = sealedLink;

    /// <summary>
    /// Whether this supplier's link is not on <paramref name="due"/> (its closing instant or its zone differ) while a
    /// due date can still move it (open for answers, or expired): what <see cref="MoveDeadline"/> moves, and what the
    /// procurement page marks as not yet moved.
    /// </summary>
    public bool IsBehind(AnswerDeadline due) =>
        (State.IsOpenForAnswers() || State == AssessmentState.Expired) && !(LinkExpiresAt == due.ClosesAt && LinkTimeZone == due.TimeZone);

    /// <summary>
    /// The procurement's due date moved: the link (if not revoked, and the questionnaire not submitted) now works until
    /// <paramref name="closesAt"/>, and an assessment that expired under the old date opens again. Returns whether it changed.
    /// </summary>
    public bool MoveDeadline(AnswerDeadline due, DateTimeOffset now)
    {
        var closesAt = due.ClosesAt;
        if (!IsBehind(due))
        {
            return false;
        }
        LinkExpiresAt = closesAt;
        LinkTimeZone = due.TimeZone;
        if (State == AssessmentState.Expired && now < closesAt)
        {
            State = Answers.Count > 0 ? AssessmentState.InProgress : AssessmentState.Invited;
        }
        return true;
    }

    public void RevokeLink()
    {
        if (!LinkRevoked)
        {
            LinkRevoked = true;
            Record(IntegrationEvents.LinkRevoked, []);
        }
    }

    /// <summary>
    /// Why the questionnaire takes no more answers, as its supplier reads it: "The questionnaire was submitted" for every
    /// state after submission (scored, reported, under review, final are the buyer's business), else expired or withdrawn.
    /// </summary>
    private string Closed => State is AssessmentState.Expired or AssessmentState.Withdrawn
        ? $"The questionnaire is {State.ToId()}"
        : "The questionnaire was submitted";

    /// <summary>A second submission's refusal (409): "The questionnaire was already submitted." (or expired, withdrawn).</summary>
    public string AlreadyClosed => State is AssessmentState.Expired or AssessmentState.Withdrawn
        ? $"The questionnaire is {State.ToId()}."
        : "The questionnaire was already submitted.";

    /// <summary>Merges a save into the answers; the first save moves the assessment to inProgress.</summary>
    public void SaveAnswers(AnswerChanges changes)
    {
        if (!State.IsOpenForAnswers())
        {
            throw new WorkflowException($"{Closed}: answers can no longer be changed.");
        }
        Answers = Answers.With(changes.Answered, changes.Cleared);
        State = AssessmentState.InProgress;
    }

    /// <summary>
    /// The most evidence files one question keeps: 20. The files' names and sizes are stored on the assessment's table
    /// row, whose properties hold 64 KiB each and the row 1 MiB (Azure Table Storage); 20 files with the longest names
    /// accepted (200 characters) fit with room to spare.
    /// </summary>
    public const int MaxEvidenceFilesPerQuestion = 20;

    /// <summary>
    /// The most characters the expert's evidence notes may hold together on one assessment: 100 000 (about 50 notes of
    /// the longest kind). The corrections are stored on the assessment's table row, which holds 1 MiB in all.
    /// </summary>
    public const int MaxReviewNotesLength = 100_000;

    /// <summary>The evidence files attached to <paramref name="questionId"/> so far.</summary>
    public int EvidenceCount(string questionId) =>
        Answers.TryGet(questionId, out var answer) && answer is EvidenceAnswer evidence ? evidence.Files.Count : 0;

    /// <summary>
    /// Why one more file cannot be attached to <paramref name="questionId"/> (the question already holds
    /// <see cref="MaxEvidenceFilesPerQuestion"/>), or null when it can: checked before the file is stored anywhere.
    /// </summary>
    public string? EvidenceLimitProblem(string questionId) => EvidenceCount(questionId) >= MaxEvidenceFilesPerQuestion
        ? $"This question already has {MaxEvidenceFilesPerQuestion} evidence files, the most one question keeps: nothing was attached. Combine several documents into one PDF instead."
        : null;

    /// <summary>
    /// Adds one evidence file to an evidence question. <see cref="WorkflowException"/> once submitted;
    /// <see cref="LimitExceededException"/> when the question already holds <see cref="MaxEvidenceFilesPerQuestion"/> files.
    /// </summary>
    public void AttachEvidence(string questionId, EvidenceFile file)
    {
        if (!State.IsOpenForAnswers())
        {
            throw new WorkflowException($"{Closed}: evidence can no longer be added.");
        }
        if (EvidenceLimitProblem(questionId) is { } full)
        {
            throw new LimitExceededException(full);
        }
        var files = Answers.TryGet(questionId, out var answer) && answer is EvidenceAnswer existing ? existing.Files : [];
        Answers = Answers.With([KeyValuePair.Create(questionId, (Answer)new EvidenceAnswer([.. files, file]))]);
        State = AssessmentState.InProgress;
    }

    /// <summary>Submit is final and needs every required question answered; returns the problems by question id.</summary>
    public IDictionary<string, string[]> Submit(QuestionnaireTemplate template, DateTimeOffset now)
    {
        if (!State.IsOpenForAnswers())
        {
            throw new WorkflowException(AlreadyClosed);
        }
        var problems = AnswerValidation.CheckComplete(template, Answers);
        if (problems.Count == 0)
        {
            State = AssessmentState.Submitted;
            SubmittedAt = now;
            Record(IntegrationEvents.QuestionnaireSubmitted, new() { ["templateKey"] = TemplateKey, ["submittedAt"] = now });
        }
        return problems;
    }

    /// <summary>The scoring stage's result. Scoring again (a replayed message) is harmless: same answers, same ratings.</summary>
    public void RecordScore(RatingGrid ratings)
    {
        if (State != AssessmentState.Submitted && State != AssessmentState.Scored)
        {
            throw new WorkflowException($"Only a submitted questionnaire is scored; this one is {State.ToId()}.");
        }
        DeclaredRatings = ratings;
        State = AssessmentState.Scored;
    }

    /// <summary>
    /// Report version <c>report.Version</c> was written (its JSON and PDF at <paramref name="links"/>). Versions only go
    /// up, so a replay changes nothing and records no second event.
    /// </summary>
    public void RecordReport(AssessmentReport report, ReportLinks links)
    {
        if (report.Version <= ReportVersion)
        {
            return;
        }
        ReportVersion = report.Version;
        ReportAlertLevel = report.ActiveAlertLevel;
        if (State is AssessmentState.Scored or AssessmentState.Submitted)
        {
            State = AssessmentState.Reported;
        }
        Record(IntegrationEvents.ReportReady, new()
        {
            ["version"] = report.Version,
            ["verified"] = report.Verified,
            ["profileId"] = report.Profile.Id,
            ["profileVersion"] = report.Profile.Version,
            ["activeAlertLevel"] = report.ActiveAlertLevel,
            ["missingPoints"] = report.Gap.Variants.ToDictionary(v => v.AlertLevel, v => v.MissingPoints),
            ["links"] = new Dictionary<string, string> { ["json"] = links.Json, ["pdf"] = links.Pdf },
        });
    }

    /// <summary>
    /// The security expert who reviews; assigning the same expert again changes nothing. A final review keeps the expert
    /// who finalized it (their verified report stays theirs to see): <see cref="WorkflowException"/>.
    /// </summary>
    public void AssignReviewer(string expertId, string language = "en")
    {
        if (State == AssessmentState.Final)
        {
            throw new WorkflowException(ReviewIsFinal);
        }
        ReviewerLanguage = LocalizedText.LanguageOf(language);
        if (ReviewerId != expertId)
        {
            ReviewerId = expertId;
            Record(IntegrationEvents.ExpertAssigned, new() { ["expertId"] = expertId });
        }
    }

    /// <summary>Why a final assessment's reviewer cannot change (the API's 409 title).</summary>
    public const string ReviewIsFinal = "The review is final: its expert can no longer be changed.";

    /// <summary>
    /// An expert corrects a cell; a later override of the same cell by the same expert replaces the earlier one.
    /// <see cref="CorrectionByAnotherExpertException"/> when another expert made the cell's correction (only they may
    /// replace or remove it); <see cref="LimitExceededException"/> when the notes together would pass <see cref="MaxReviewNotesLength"/>.
    /// </summary>
    public void Override(Cell cell, Rating rating, string note, string expertId, DateTimeOffset now)
    {
        if (State is not (AssessmentState.Reported or AssessmentState.UnderReview))
        {
            throw new WorkflowException(State switch
            {
                AssessmentState.Final => "The review is final: its ratings can no longer be corrected.",
                AssessmentState.Withdrawn => "This supplier was withdrawn: its ratings are no longer reviewed.",
                _ => $"Ratings are reviewed once the first report is out; this assessment is {State.ToId()}.",
            });
        }
        if (_overrides.FirstOrDefault(o => o.Cell == cell) is { } earlier && earlier.ExpertId != expertId)
        {
            throw new CorrectionByAnotherExpertException(earlier, "replace");
        }
        if (string.IsNullOrWhiteSpace(note))
        {
            throw new WorkflowException("Every correction needs an evidence note.");
        }
        var kept = note.Trim();
        var notes = _overrides.Where(o => o.Cell != cell).Sum(o => o.Note.Length) + kept.Length;
        if (notes > MaxReviewNotesLength)
        {
            throw new LimitExceededException(
                $"The evidence notes of this assessment would hold {notes} characters, more than the {MaxReviewNotesLength} kept for one assessment: nothing was saved. Shorten this note or earlier ones.");
        }
        _overrides.RemoveAll(o => o.Cell == cell);
        _overrides.Add(new RatingOverride(cell, rating, kept, expertId, now));
        ReviewerId ??= expertId;
        State = AssessmentState.UnderReview;
    }

    /// <summary>
    /// An expert takes back a correction they made: the cell returns to its declared rating (or N/A claim). Returns the
    /// correction removed. Only while the review is open, and only the expert who made it.
    /// </summary>
    /// <exception cref="WorkflowException">The review is not open, or the cell has no correction.</exception>
    /// <exception cref="CorrectionByAnotherExpertException">Another expert made it.</exception>
    public RatingOverride RemoveOverride(Cell cell, string expertId)
    {
        if (State is not (AssessmentState.Reported or AssessmentState.UnderReview))
        {
            throw new WorkflowException($"Corrections can be removed while the review is open; this assessment is {State.ToId()}.");
        }
        var correction = _overrides.FirstOrDefault(o => o.Cell == cell)
            ?? throw new WorkflowException($"Cell {cell} has no correction to remove.");
        if (correction.ExpertId != expertId)
        {
            throw new CorrectionByAnotherExpertException(correction, "remove");
        }
        _overrides.Remove(correction);
        return correction;
    }

    /// <summary>The review is over: the next report version is the verified one.</summary>
    public int Finalize()
    {
        if (State is not (AssessmentState.Reported or AssessmentState.UnderReview))
        {
            throw new WorkflowException($"Only a reported assessment can be finalized; this one is {State.ToId()}.");
        }
        State = AssessmentState.Final;
        Record(IntegrationEvents.ReviewFinalized, new() { ["correctedCells"] = _overrides.Count, ["verifiedReportVersion"] = ReportVersion + 1 });
        return ReportVersion + 1;
    }

    private readonly HashSet<string> _dismissedEarlier = new(StringComparer.Ordinal);

    /// <summary>The supplier's earlier assessment the project manager confirmed (<see cref="SupplierHistory"/>); null: none.</summary>
    public EarlierAssessmentLink? EarlierAssessment { get; private set; }

    /// <summary>Earlier assessments the project manager said are not this supplier's, as "procurementId/assessmentId".</summary>
    public IReadOnlySet<string> DismissedEarlier => _dismissedEarlier;

    /// <summary>
    /// Stores the confirmed earlier assessment (replacing one confirmed before). <see cref="SupplierHistory.Confirm"/>
    /// checks the rule first; the store restores a stored link with this.
    /// </summary>
    public void LinkEarlierAssessment(EarlierAssessmentLink link)
    {
        EarlierAssessment = link;
        _dismissedEarlier.Remove(link.Key);
    }

    /// <summary>"Not the same supplier": the candidate "procurementId/assessmentId" is no longer offered (nor kept if confirmed).</summary>
    public void DismissEarlierAssessment(string key)
    {
        _dismissedEarlier.Add(key);
        if (EarlierAssessment?.Key == key)
        {
            EarlierAssessment = null;
        }
    }

    /// <summary>The timer's job: a link past its expiry with no submission expires the assessment.</summary>
    public bool ExpireIfDue(DateTimeOffset now)
    {
        if (State.IsOpenForAnswers() && now >= LinkExpiresAt)
        {
            State = AssessmentState.Expired;
            return true;
        }
        return false;
    }

    /// <summary>The time zone the link's due date is read in: the procurement's when it was invited or the date last moved.</summary>
    public string LinkTimeZone { get; private set; }

    /// <summary>The due date of this supplier's link, in <see cref="LinkTimeZone"/>: the day its link's last instant falls on.</summary>
    public AnswerDeadline LinkDeadline
    {
        get
        {
            var zone = AnswerDeadline.TryFindZone(LinkTimeZone)!;
            var lastInstant = TimeZoneInfo.ConvertTime(LinkExpiresAt.AddTicks(-1), zone);
            return new AnswerDeadline(DateOnly.FromDateTime(lastInstant.DateTime), zone.Id);
        }
    }

    /// <summary>
    /// Which reminder is due at <paramref name="now"/>: 7 or 1 (days before the link's due date, see
    /// <see cref="AnswerDeadline.ReminderDays"/>), or null. A supplier who has not submitted, whose link is live, gets
    /// each at most once, from the start of that day in the link's zone; one invited or reminded after a
    /// reminder's day began does not get that one (the next one still comes).
    /// </summary>
    public int? ReminderDue(DateTimeOffset now)
    {
        if (!CanBeReminded(now))
        {
            return null;
        }
        var deadline = LinkDeadline;
        var daysLeft = deadline.DaysLeft(now);
        foreach (var days in AnswerDeadline.ReminderDays.Order())
        {
            if (daysLeft <= days)
            {
                var from = deadline.StartOf(deadline.Date.AddDays(-days));
                return (LastReminderAt ?? InvitedAt) < from ? days : null;
            }
        }
        return null;
    }

    /// <summary>
    /// Whether a reminder makes sense at <paramref name="now"/>: the questionnaire is still open, its link not revoked and
    /// not past its due date. The one rule behind the timer's reminders, "Remind now" and the page's button.
    /// </summary>
    public bool CanBeReminded(DateTimeOffset now) => State.IsOpenForAnswers() && !LinkRevoked && now < LinkExpiresAt;

    public void RecordReminder(DateTimeOffset now) => LastReminderAt = now;

    /// <summary>
    /// The project manager withdraws the supplier from the procurement, in any state: the link dies at once (revoked),
    /// and the assessment leaves the ranking. Withdrawing again changes nothing.
    /// </summary>
    public void Withdraw()
    {
        if (State != AssessmentState.Withdrawn)
        {
            State = AssessmentState.Withdrawn;
            LinkRevoked = true;
            SealedLink = null;
            Record(IntegrationEvents.AssessmentWithdrawn, []);
        }
    }

    /// <summary>Records event <paramref name="name"/>: the ids and the state after the change, then <paramref name="data"/>.</summary>
    private void Record(string name, Dictionary<string, object?> data)
    {
        EventCount++;
        var all = new Dictionary<string, object?> { ["procurementId"] = ProcurementId, ["assessmentId"] = Id, ["state"] = State.ToId() };
        foreach (var (key, value) in data)
        {
            all[key] = value;
        }
        _newEvents.Add(new IntegrationEvent(name, ProcurementId, Id, EventCount, all));
    }

    /// <summary>Share of the required questions answered, 0..100, for the project manager's follow-up.</summary>
    public int ProgressPercent(QuestionnaireTemplate template)
    {
        var required = template.Questions.Where(q => q.Required).ToArray();
        if (required.Length == 0)
        {
            return 100;
        }
        var answered = required.Count(q => Answers.TryGet(q.Id, out _));
        return answered * 100 / required.Length;
    }
}
