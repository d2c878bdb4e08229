using SupplierAssessment.Domain.Events;
using SupplierAssessment.Domain.Profiles;

namespace SupplierAssessment.Domain.Assessments;

/// <summary>
/// A project manager's purchase: the target confidence profile the bidders are measured against. A change of its
/// alert level is an <see cref="IntegrationEvent"/> (in <see cref="NewEvents"/>, numbered by <see cref="EventCount"/>).
/// </summary>
public sealed class Procurement
{
    private readonly List<IntegrationEvent> _newEvents = [];

    public Procurement(
        string id, string ownerId, string name, string projectManagerEmail, string profileId, int profileVersion,
        string activeAlertLevel, int baselineLevel, DateTimeOffset createdAt, bool closed = false, ConfidenceProfile? customProfile = null,
        int eventCount = 0, string projectManagerLanguage = "en", AnswerDeadline? answersDue = null)
    {
        if (customProfile is not null && (customProfile.Id != profileId || customProfile.Version != profileVersion))
        {
            throw new ArgumentException($"The procurement pins {profileId} v{profileVersion}, not {customProfile.Id} v{customProfile.Version}.", nameof(customProfile));
        }
        Id = id;
        OwnerId = ownerId;
        Name = name;
        ProjectManagerEmail = projectManagerEmail;
        ProfileId = profileId;
        ProfileVersion = profileVersion;
        ActiveAlertLevel = activeAlertLevel;
        BaselineLevel = baselineLevel;
        CreatedAt = createdAt;
        Closed = closed;
        CustomProfile = customProfile;
        EventCount = eventCount;
        ProjectManagerLanguage = LocalizedText.LanguageOf(projectManagerLanguage);
        AnswersDue = answersDue ?? AnswerDeadline.DefaultFor(createdAt);
    }

    /// <summary>
    /// When suppliers' answers are due (a date in the procurement's time zone): their links work through that day
    /// (issue 10). A procurement stored before due dates existed gets the default, 30 days after its creation.
    /// </summary>
    public AnswerDeadline AnswersDue { get; private set; }

    /// <summary>
    /// Moves the due date (the project manager extends it, or corrects it); the caller moves the open links with it.
    /// Returns the previous deadline.
    /// </summary>
    public AnswerDeadline ChangeAnswersDue(AnswerDeadline deadline)
    {
        var previous = AnswersDue;
        AnswersDue = deadline;
        return previous;
    }

    /// <summary>How many integration events this procurement itself has recorded: the last one's sequence number.</summary>
    public int EventCount { get; private set; }

    /// <summary>Events recorded since the procurement was read, oldest first: the store writes them with the row.</summary>
    public IReadOnlyList<IntegrationEvent> NewEvents => _newEvents;

    /// <summary>The new events, handed over once (the store calls this as it writes the row).</summary>
    public IReadOnlyList<IntegrationEvent> TakeNewEvents()
    {
        IntegrationEvent[] events = [.. _newEvents];
        _newEvents.Clear();
        return events;
    }

    public string Id { get; }

    /// <summary>The project manager who created it: only they see it.</summary>
    public string OwnerId { get; }

    public string Name { get; }
    public string ProjectManagerEmail { get; }

    /// <summary>The language ("en" or "fr") of the project manager's emails and attached reports.</summary>
    public string ProjectManagerLanguage { get; private set; }
    public string ProfileId { get; }
    public int ProfileVersion { get; }

    /// <summary>
    /// The pinned profile itself when an administrator made it (null for a profile shipped with the product): it travels
    /// with the procurement, so whoever reads the procurement has its profile without another read.
    /// </summary>
    public ConfidenceProfile? CustomProfile { get; }

    /// <summary>The alert level decisions use; reports show every level.</summary>
    public string ActiveAlertLevel { get; private set; }

    public int BaselineLevel { get; }
    public DateTimeOffset CreatedAt { get; }
    public bool Closed { get; private set; }

    public static Procurement Create(
        string id, string ownerId, string name, string projectManagerEmail, ConfidenceProfile profile,
        string? activeAlertLevel, int? baselineLevel, DateTimeOffset now, string projectManagerLanguage = "en", AnswerDeadline? answersDue = null)
    {
        var alertLevel = activeAlertLevel ?? profile.AlertLevels[0];
        if (!profile.HasAlertLevel(alertLevel))
        {
            throw new WorkflowException($"'{alertLevel}' is not an alert level of profile {profile.Id} ({string.Join(", ", profile.AlertLevels)}).");
        }
        var shipped = ShippedData.Profiles.Contains(profile); // the shipped instance itself, not a copy with other targets
        return new Procurement(id, ownerId, name, projectManagerEmail, profile.Id, profile.Version, alertLevel,
            baselineLevel ?? profile.BaselineLevel, now, customProfile: shipped ? null : profile, projectManagerLanguage: projectManagerLanguage,
            answersDue: answersDue);
    }

    public void ChangeAlertLevel(ConfidenceProfile profile, string alertLevel)
    {
        if (!profile.HasAlertLevel(alertLevel))
        {
            throw new WorkflowException($"'{alertLevel}' is not an alert level of profile {profile.Id} ({string.Join(", ", profile.AlertLevels)}).");
        }
        if (alertLevel == ActiveAlertLevel)
        {
            return;
        }
        var previous = ActiveAlertLevel;
        ActiveAlertLevel = alertLevel;
        EventCount++;
        _newEvents.Add(new IntegrationEvent(IntegrationEvents.AlertLevelChanged, Id, null, EventCount, new Dictionary<string, object?>
        {
            ["procurementId"] = Id,
            ["profileId"] = ProfileId,
            ["profileVersion"] = ProfileVersion,
            ["previousAlertLevel"] = previous,
            ["alertLevel"] = alertLevel,
        }));
    }

    public void Close() => Closed = true;

    private IReadOnlyList<AdjustedTarget> _targetAdjustments = [];

    /// <summary>
    /// The targets the project manager set for this procurement, where they differ from the profile it was created on
    /// (process-area order): the procurement measures against <see cref="ProcurementTargets.PinnedProfile"/>. Empty by default.
    /// </summary>
    public IReadOnlyList<AdjustedTarget> TargetAdjustments { get => _targetAdjustments; init => _targetAdjustments = [.. value]; }

    /// <summary>
    /// Replaces the set of adjusted targets (<see cref="ProcurementTargets.Resolve"/>: one equal to the profile's target is
    /// dropped) and returns what changed, for the audit trail. <paramref name="suppliers"/> are the procurement's assessments.
    /// </summary>
    /// <exception cref="WorkflowException">A supplier already has a report, or the procurement is closed (nothing changes).</exception>
    /// <exception cref="ArgumentException">An adjustment <see cref="ProcurementTargets.Read"/> refuses.</exception>
    public IReadOnlyList<TargetChange> AdjustTargets(IEnumerable<TargetAdjustment> adjustments, IEnumerable<Assessment> suppliers)
    {
        var adjusted = ProcurementTargets.Resolve(this, adjustments, suppliers);
        var changes = ProcurementTargets.Changes(_targetAdjustments, adjusted);
        _targetAdjustments = adjusted;
        return changes;
    }

    /// <summary>The project manager reads their emails and reports in <paramref name="language"/> from now on.</summary>
    public void ChooseProjectManagerLanguage(string language) => ProjectManagerLanguage = LocalizedText.LanguageOf(language);
}
