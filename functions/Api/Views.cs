using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Gap;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Questionnaires;
using SupplierAssessment.Functions.Stages;

namespace SupplierAssessment.Functions.Api;

public sealed record ProfileView(string Id, int Version, string Name, IReadOnlyList<string> AlertLevels)
{
    public static ProfileView From(ConfidenceProfile p) => new(p.Id, p.Version, p.Name.En, p.AlertLevels) { VersionLabel = p.VersionLabel };

    /// <summary>"1", or "1+procurement.{id}" when the procurement measures against its own version (targets set for it).</summary>
    public string VersionLabel { get; init; } = Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record ProcurementView(
    string Id, string Name, string ProjectManagerEmail, ProfileView Profile, string ActiveAlertLevel, int BaselineLevel,
    DateTimeOffset CreatedAt,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyList<AssessmentView>? Assessments,
    string AnswersDue, string TimeZone, DateTimeOffset LinksCloseAt)
{
    // Assessments: one procurement's suppliers (GET /api/procurements/{id}); left out of the list of procurements, where
    // a null read as "no suppliers" (fresh user's trial).
    /// <remarks><c>answersDue</c> is the due date ("2027-01-15") in <c>timeZone</c>; links work until <c>linksCloseAt</c>, the next midnight there.</remarks>
    public static ProcurementView From(Procurement p, IReadOnlyList<AssessmentView>? assessments = null) => new(
        p.Id, p.Name, p.ProjectManagerEmail, ProfileView.From(AssessmentLoader.ProfileOf(p)), p.ActiveAlertLevel, p.BaselineLevel,
        p.CreatedAt, assessments, p.AnswersDue.IsoDate, p.AnswersDue.TimeZone,
        p.AnswersDue.ClosesAt)
    {
        TargetAdjustments = TargetAdjustmentView.Of(p),
        Language = p.ProjectManagerLanguage,
    };

    /// <summary>
    /// "en" or "fr": the language of the project manager's report emails and of the suppliers' invitations unless one is
    /// given (<c>language</c> when created; the procurement page's report language). A fresh-user trial could not read it back.
    /// </summary>
    public string Language { get; init; } = "en";

    /// <summary>The targets set for this procurement, where they differ from its profile's (<c>PUT …/targets</c>).</summary>
    public IReadOnlyList<TargetAdjustmentView> TargetAdjustments { get; init; } = [];
}

/// <summary>What the project manager follows for one supplier (never the link itself).</summary>
public sealed record AssessmentView(
    string Id, string SupplierName, string SupplierEmail, string State, int ProgressPercent, string TemplateKey,
    DateTimeOffset InvitedAt, DateTimeOffset LinkExpiresAt, bool LinkRevoked, DateTimeOffset? SubmittedAt,
    int ReportVersion, string? ReviewerId, int? MissingPoints)
{
    /// <summary>
    /// The supplier emails stored and not sent yet — SendGrid was unreachable or busy — by kind (<c>invitation</c>,
    /// <c>reminder</c>, <c>due-moved</c>), oldest first: the dispatcher sends them again within minutes
    /// (<see cref="SupplierMail.WaitingAsync"/>). Empty when every email went.
    /// </summary>
    public IReadOnlyList<string> EmailsWaiting { get; init; } = [];

    /// <summary>"en" or "fr": the supplier's language, of their emails and questionnaire (<c>language</c> when invited).</summary>
    public string Language { get; init; } = "en";

    /// <summary>The assessment as its project manager follows it, with its emails not sent yet (<see cref="EmailsWaiting"/>; null: none).</summary>
    public static AssessmentView From(AssessmentContext context, IReadOnlyList<string>? emailsWaiting = null)
    {
        var a = context.Assessment;
        int? missing = a.DeclaredRatings is null ? null
            : GapAnalysis.Compute(a.VerifiedRatings!, context.Profile).Variant(context.Procurement.ActiveAlertLevel).MissingPoints;
        return new AssessmentView(a.Id, a.SupplierName, a.SupplierEmail, a.State.ToId(), a.ProgressPercent(context.Template), a.TemplateKey,
            a.InvitedAt, a.LinkExpiresAt, a.LinkRevoked, a.SubmittedAt, a.ReportVersion, a.ReviewerId, missing)
        {
            EmailsWaiting = emailsWaiting ?? [],
            Language = a.SupplierLanguage,
        };
    }
}

/// <summary>One bidder in a procurement's ranking (the API's and the procurement page's).</summary>
public sealed record RankingEntry(
    int? Rank, string AssessmentId, string SupplierName, string State, bool Verified, int? MissingPoints, int? ExceedingPoints,
    IReadOnlyDictionary<string, int>? MissingByActor, IReadOnlyDictionary<string, int>? MissingPointsByAlertLevel)
{
    /// <summary>
    /// Scored bidders by missing points at the active alert level (ties by name), then the ones still waiting; a withdrawn
    /// supplier is no longer a bidder.
    /// </summary>
    public static IReadOnlyList<RankingEntry> Of(Procurement procurement, ConfidenceProfile profile, IEnumerable<Assessment> bidders)
    {
        var rated = new List<RankingEntry>();
        var waiting = new List<RankingEntry>();
        foreach (var a in bidders.Where(b => b.State != AssessmentState.Withdrawn))
        {
            if (a.VerifiedRatings is not { } ratings)
            {
                waiting.Add(new RankingEntry(null, a.Id, a.SupplierName, a.State.ToId(), false, null, null, null, null));
                continue;
            }
            var gap = GapAnalysis.Compute(ratings, profile);
            var active = gap.Variant(procurement.ActiveAlertLevel);
            rated.Add(new RankingEntry(null, a.Id, a.SupplierName, a.State.ToId(), a.State == AssessmentState.Final,
                active.MissingPoints, active.ExceedingPoints, Actors.All.ToDictionary(x => x.ToId(), active.MissingBy),
                gap.Variants.ToDictionary(v => v.AlertLevel, v => v.MissingPoints)));
        }
        var ranked = rated.OrderBy(r => r.MissingPoints).ThenBy(r => r.SupplierName, StringComparer.OrdinalIgnoreCase).Select((r, i) => r with { Rank = i + 1 });
        return [.. ranked, .. waiting];
    }
}

/// <summary>The questionnaire as a supplier sees it, in one language.</summary>
public sealed record QuestionnaireView(
    string AssessmentId, string SupplierName, string State, string TemplateKey, string Title, string? Description,
    DateTimeOffset LinkExpiresAt, int ProgressPercent, IReadOnlyList<string> ScaleLabels, IReadOnlyList<TopicView> Topics,
    IReadOnlyDictionary<string, object?> Answers)
{
    public static QuestionnaireView From(Assessment a, QuestionnaireTemplate t, string language) => new(
        a.Id, a.SupplierName, a.State.ToId(), t.Key, t.Title.In(language), t.Description?.In(language), a.LinkExpiresAt,
        a.ProgressPercent(t), t.ScaleLabels.Select(l => l.In(language)).ToArray(),
        t.Topics.Select(topic => new TopicView(topic.Id, topic.Title.In(language), topic.Description?.In(language),
            topic.Questions.Select(q => new QuestionView(q.Id, q.Kind.ToString().ToLowerInvariant(), q.Required, q.Text.In(language), q.Help.In(language),
                q.Options.Select(o => new OptionView(o.Id, o.Label.In(language))).ToArray(), q.Kind == QuestionKind.Text ? q.MaxLength : null,
                q.AllowsNotApplicable)).ToArray())).ToArray(),
        a.Answers.ByQuestion.ToDictionary(kv => kv.Key, kv => AnswerValue(kv.Value)));

    /// <summary>An answer as the API shows it: the level, option id, text, files, or <c>{ notApplicable: justification }</c> (DESIGN §2.2 rule 9).</summary>
    public static object? AnswerValue(Answer answer) => answer switch
    {
        NotApplicableAnswer na => new { notApplicable = na.Justification },
        ScaleAnswer s => s.Level,
        ChoiceAnswer c => c.OptionId,
        TextAnswer t => t.Text,
        EvidenceAnswer e => e.Files.Select(f => new { f.Id, f.FileName, f.ContentType, f.Size }).ToArray(),
        _ => null,
    };
}

public sealed record TopicView(string Id, string Title, string? Description, IReadOnlyList<QuestionView> Questions);

/// <summary>One question; <c>NotApplicable</c> says whether it admits a justified "not applicable" answer (DESIGN §2.2 rule 9).</summary>
public sealed record QuestionView(string Id, string Kind, bool Required, string Text, string Help, IReadOnlyList<OptionView> Options, int? MaxLength, bool NotApplicable = false);

public sealed record OptionView(string Id, string Label);
