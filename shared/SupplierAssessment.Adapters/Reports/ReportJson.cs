using System.Text.Json;
using SupplierAssessment.Domain.ActionPlans;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Catalog;
using SupplierAssessment.Domain.Gap;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Reports;

namespace SupplierAssessment.Adapters.Reports;

/// <summary>
/// A report version as compact camelCase JSON for integrations; the gap uses the DESIGN §2.4 vocabulary
/// (<see cref="GapDocument"/>), ratings are <c>{"percent", "letter"}</c> per rated cell, and <c>notApplicable</c> lists
/// the not-applicable cells ("PA22/2.1", DESIGN §2.2 rule 9); <c>targetAdjustments</c> the targets set for the procurement
/// (absent when none).
/// </summary>
public static class ReportJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>Reading back: a missing or null field that the report always has is an error, not a null.</summary>
    private static readonly JsonSerializerOptions ReadOptions = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static string Serialize(AssessmentReport report) => JsonSerializer.Serialize(Document.From(report), Options);

    /// <summary>
    /// A stored version read back: its ratings, corrections, alert level and baseline as written, with the
    /// procurement's pinned <paramref name="profile"/>; gap, action plan and checklist follow from them (the PDF and
    /// CSV downloads of any version).
    /// </summary>
    /// <exception cref="JsonException">The text is not a report version.</exception>
    public static AssessmentReport Read(string json, ConfidenceProfile profile, ModelCatalog catalog)
    {
        var document = JsonSerializer.Deserialize<Document>(json, ReadOptions) ?? throw new JsonException("The report is empty.");
        var current = GridOf(document.Ratings, document.NotApplicable);
        return AssessmentReport.From(
            new ReportHeader(document.Version, document.CreatedAt, document.Procurement.Id, document.Procurement.Name,
                document.Assessment.Id, document.Assessment.SupplierName, document.TemplateKey),
            profile, document.ActiveAlertLevel, document.Baseline.Level,
            document.Declared is { } declared ? GridOf(declared.Ratings, declared.NotApplicable) : current,
            document.Verified ? current : null,
            document.Overrides.Select(o => new RatingOverride(CellOf(o.ProcessArea, o.CommonFeature), Rating.FromPercent(o.Percent), o.Note, o.ExpertId, o.At)).ToArray(),
            catalog,
            document.Findings?.ToFindings(),
            document.TargetAdjustments?.Select(t => t.ToAdjustedTarget()).ToArray())
            .WithEarlier(document.EarlierAssessment?.ToFacts());
    }

    private static RatingGrid GridOf(IReadOnlyDictionary<string, Dictionary<string, RatingDto>> ratings, IReadOnlyList<string>? notApplicable) =>
        RatingGrid.From(
            ratings.SelectMany(pa => pa.Value.Select(cf => KeyValuePair.Create(CellOf(pa.Key, cf.Key), Rating.FromPercent(cf.Value.Percent)))),
            (notApplicable ?? []).Select(CellOf));

    private static Cell CellOf(string cell) =>
        cell.Split('/') is [var processArea, var commonFeature] ? CellOf(processArea, commonFeature) : throw new JsonException($"'{cell}' is not a cell of the grid.");

    private static Cell CellOf(string processArea, string commonFeature) =>
        ProcessAreaId.TryParse(processArea, out var pa) && CommonFeature.TryParse(commonFeature, out var cf)
            ? new Cell(pa, cf)
            : throw new JsonException($"'{processArea}/{commonFeature}' is not a cell of the grid.");

    private sealed record Document(
        int Version,
        bool Verified,
        DateTimeOffset CreatedAt,
        IdAndName Procurement,
        AssessmentRef Assessment,
        string TemplateKey,
        ProfileRef Profile,
        string ActiveAlertLevel,
        IReadOnlyDictionary<string, Dictionary<string, RatingDto>> Ratings,
        IReadOnlyList<string> NotCovered,
        GapDocument Gap,
        BaselineDto Baseline,
        ActionPlanDto ActionPlan,
        DeclaredDto? Declared,
        IReadOnlyList<OverrideDto> Overrides,
        IReadOnlyList<string>? NotApplicable = null,
        FindingsDto? Findings = null,
        EarlierDto? EarlierAssessment = null,
        IReadOnlyList<TargetDto>? TargetAdjustments = null)
    {
        public static Document From(AssessmentReport report) => new(
            report.Version,
            report.Verified,
            report.CreatedAt,
            new IdAndName(report.ProcurementId, report.ProcurementName),
            new AssessmentRef(report.AssessmentId, report.SupplierName),
            report.TemplateKey,
            new ProfileRef(report.Profile.Id, report.Profile.Version, report.Profile.AlertLevels, report.Profile.VersionLabel),
            report.ActiveAlertLevel,
            RatingsOf(report.Ratings),
            report.NotCovered.Select(c => c.ToString()).ToArray(),
            GapDocument.From(report.Gap),
            BaselineDto.From(report.Baseline),
            ActionPlanDto.From(report.ActionPlan),
            report.DeclaredRatings is { } declared && report.DeclaredGap is { } declaredGap
                ? new DeclaredDto(RatingsOf(declared), GapDocument.From(declaredGap), [.. declared.NotApplicableCells.Select(c => c.ToString())])
                : null,
            report.Overrides.Select(o => new OverrideDto(
                o.Cell.ProcessArea.Id, o.Cell.CommonFeature.Id, o.Rating.Percent, o.Rating.Letter.ToString(), o.Note, o.ExpertId, o.At)).ToArray(),
            [.. report.NotApplicable.Select(c => c.ToString())],
            report.Findings is { } findings ? FindingsDto.From(findings) : null,
            report.Earlier is { } earlier ? EarlierDto.From(earlier) : null,
            report.AdjustedTargets.Count > 0 ? [.. report.AdjustedTargets.Select(TargetDto.From)] : null);
    }

    /// <summary>Covered cells only, grouped by process area in grid order; PAs without a covered cell are left out.</summary>
    private static IReadOnlyDictionary<string, Dictionary<string, RatingDto>> RatingsOf(RatingGrid grid)
    {
        var byProcessArea = new Dictionary<string, Dictionary<string, RatingDto>>(StringComparer.Ordinal);
        foreach (var (cell, rating) in grid.CoveredCells)
        {
            if (!byProcessArea.TryGetValue(cell.ProcessArea.Id, out var cells))
            {
                byProcessArea[cell.ProcessArea.Id] = cells = new Dictionary<string, RatingDto>(StringComparer.Ordinal);
            }
            cells[cell.CommonFeature.Id] = RatingDto.From(rating);
        }
        return byProcessArea;
    }

    private sealed record IdAndName(string Id, string Name);

    private sealed record AssessmentRef(string Id, string SupplierName);

    /// <summary><c>versionLabel</c>: "1", or "1+procurement.{id}" for a procurement's own version (<see cref="ConfidenceProfile.VersionLabel"/>).</summary>
    private sealed record ProfileRef(string Id, int Version, IReadOnlyList<string> AlertLevels, string? VersionLabel = null);

    /// <summary>A target set for this procurement: the profile's target → this procurement's, and why (issue 10, part 4).</summary>
    private sealed record TargetDto(string ProcessArea, string AlertLevel, int ProfileTarget, int Target, string Reason)
    {
        public static TargetDto From(AdjustedTarget a) => new(a.ProcessArea.Id, a.AlertLevel, a.ProfileTarget, a.Target, a.Reason);

        public AdjustedTarget ToAdjustedTarget() => new(
            ProcessAreaId.TryParse(ProcessArea, out var pa) ? pa : throw new JsonException($"'{ProcessArea}' is not a process area."),
            AlertLevel, ProfileTarget, Target, Reason);
    }

    private sealed record RatingDto(double Percent, string Letter)
    {
        public static RatingDto From(Rating rating) => new(rating.Percent, rating.Letter.ToString());
    }

    private sealed record BaselineDto(
        int Level, string AlertLevel, int UniformMissingPoints, int AdaptiveMissingPoints, int SavedPoints,
        IReadOnlyDictionary<string, int> UniformMissingByActor)
    {
        public static BaselineDto From(BaselineComparison baseline) => new(
            baseline.BaselineLevel, baseline.AlertLevel, baseline.Uniform.MissingPoints, baseline.Adaptive.MissingPoints,
            baseline.SavedPoints, Actors.All.ToDictionary(a => a.ToId(), baseline.Uniform.MissingBy));
    }

    private sealed record ActionPlanDto(string AlertLevel, IReadOnlyDictionary<string, int> Totals, IReadOnlyList<ActionItemDto> Items)
    {
        public static ActionPlanDto From(ActionPlan plan) => new(
            plan.AlertLevel,
            Actors.All.ToDictionary(a => a.ToId(), plan.TotalFor),
            plan.Items.Select(ActionItemDto.From).ToArray());
    }

    private sealed record ActionItemDto(
        string Actor, string ProcessArea, string CommonFeature, int Level, bool ClosesLevel, RatingDto? Rating, bool Covered,
        IReadOnlyList<string> GenericPractices, IReadOnlyList<string> BasePractices)
    {
        public static ActionItemDto From(ActionItem item) => new(
            item.Actor.ToId(), item.ProcessArea.Id.Id, item.CommonFeature.Id.Id, item.Level, item.ClosesLevel,
            item.Covered ? RatingDto.From(item.CurrentRating) : null, item.Covered,
            item.GenericPractices.Select(gp => gp.Id).ToArray(),
            item.BasePractices.Select(bp => bp.Id).ToArray());
    }

    private sealed record DeclaredDto(IReadOnlyDictionary<string, Dictionary<string, RatingDto>> Ratings, GapDocument Gap, IReadOnlyList<string>? NotApplicable = null);

    /// <summary>The on-site checklist's findings from the declarations: N/A claims, evidence missing, answers that disagree (issue #9).</summary>
    private sealed record FindingsDto(IReadOnlyList<ClaimDto> NotApplicable, IReadOnlyList<string> MissingEvidence, IReadOnlyList<DisagreementDto> Disagreements)
    {
        public static FindingsDto From(DeclarationFindings findings) => new(
            [.. findings.NotApplicable.Select(c => new ClaimDto(c.Cell.ToString(), c.QuestionId, c.Justification))],
            findings.MissingEvidence,
            [.. findings.Disagreements.Select(d => new DisagreementDto(d.Cell.ToString(), d.AchievedBy, d.AchievedPercent, d.NotDoneBy, d.NotDonePercent))]);

        public DeclarationFindings ToFindings() => new(
            [.. NotApplicable.Select(c => new ClaimedNotApplicable(CellOf(c.Cell), c.Question, c.Justification))],
            MissingEvidence,
            [.. Disagreements.Select(d => new DisagreeingAnswers(CellOf(d.Cell), d.AchievedBy, d.AchievedPercent, d.NotDoneBy, d.NotDonePercent))]);
    }

    private sealed record ClaimDto(string Cell, string Question, string Justification);

    private sealed record DisagreementDto(string Cell, string AchievedBy, double AchievedPercent, string NotDoneBy, double NotDonePercent);

    /// <summary>
    /// The confirmed earlier assessment (issue 10 part 6): which, when, its ratings as they were (read back to rebuild the
    /// section), and per process area the earlier and today's achieved levels and missing points, both against this
    /// report's profile at <c>alertLevel</c> (its active alert level).
    /// </summary>
    private sealed record EarlierDto(
        IdAndName Procurement, string AssessmentId, DateTimeOffset AssessedAt, string AlertLevel, int EarlierMissingPoints, int TodayMissingPoints,
        IReadOnlyList<ProgressDto> ProcessAreas, IReadOnlyDictionary<string, Dictionary<string, RatingDto>> Ratings, IReadOnlyList<string> NotApplicable)
    {
        public static EarlierDto From(EarlierAssessmentSection section) => new(
            new IdAndName(section.Assessment.ProcurementId, section.Assessment.ProcurementName), section.Assessment.AssessmentId,
            section.Assessment.AssessedAt, section.Progress.AlertLevel, section.Progress.EarlierMissingPoints, section.Progress.TodayMissingPoints ?? 0,
            [.. section.Progress.ProcessAreas.Select(p => new ProgressDto(p.ProcessArea.Id, p.Target, p.EarlierLevel, p.TodayLevel ?? 0,
                p.LevelChange ?? 0, p.EarlierMissingPoints, p.TodayMissingPoints ?? 0))],
            RatingsOf(section.Assessment.Ratings), [.. section.Assessment.Ratings.NotApplicableCells.Select(c => c.ToString())]);

        public EarlierAssessmentFacts ToFacts() =>
            new(Procurement.Id, Procurement.Name, AssessmentId, AssessedAt, GridOf(Ratings, NotApplicable));
    }

    private sealed record ProgressDto(
        string Id, int Target, int EarlierLevel, int TodayLevel, int LevelChange, int EarlierMissingPoints, int TodayMissingPoints);

    private sealed record OverrideDto(string ProcessArea, string CommonFeature, double Percent, string Letter, string Note, string ExpertId, DateTimeOffset At);
}
