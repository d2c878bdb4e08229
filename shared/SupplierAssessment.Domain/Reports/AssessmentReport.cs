using SupplierAssessment.Domain.ActionPlans;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Catalog;
using SupplierAssessment.Domain.Gap;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Questionnaires;

namespace SupplierAssessment.Domain.Reports;

/// <summary>
/// Everything one report version says about one supplier: the ratings (declared, or verified after the expert's
/// review with the declared ones beside them), the gap at every alert level, the saving against the uniform
/// baseline, the action plan at the active alert level and the on-site checklist. Pure data: rendering is elsewhere.
/// </summary>
public sealed record AssessmentReport(
    int Version,
    bool Verified,
    DateTimeOffset CreatedAt,
    string ProcurementId,
    string ProcurementName,
    string AssessmentId,
    string SupplierName,
    string TemplateKey,
    ConfidenceProfile Profile,
    string ActiveAlertLevel,
    RatingGrid Ratings,
    GapReport Gap,
    BaselineComparison Baseline,
    ActionPlan ActionPlan,
    IReadOnlyList<Cell> NotCovered,
    RatingGrid? DeclaredRatings,
    GapReport? DeclaredGap,
    IReadOnlyList<RatingOverride> Overrides,
    DeclarationFindings? Findings = null,
    IReadOnlyList<AdjustedTarget>? TargetAdjustments = null)
{
    /// <summary>
    /// The targets set for this procurement, where they differ from the profile's (shipped target → this procurement's,
    /// with the reason; process-area order): the report lists them under "Targets set for this procurement". Empty when none.
    /// </summary>
    public IReadOnlyList<AdjustedTarget> AdjustedTargets => TargetAdjustments ?? [];

    public AlertLevelGap ActiveGap => Gap.Variant(ActiveAlertLevel);

    /// <summary>
    /// The supplier's confirmed earlier assessment next to this version (improvement over time, seed 002 §5); null when
    /// none was confirmed before this version was written. Set through <see cref="WithEarlier"/>.
    /// </summary>
    public EarlierAssessmentSection? Earlier { get; private init; }

    /// <summary>
    /// This report with the "Earlier assessment" section: <paramref name="earlier"/>'s ratings and this version's, both
    /// measured against this report's profile at its active alert level. Null facts: the report unchanged.
    /// </summary>
    public AssessmentReport WithEarlier(EarlierAssessmentFacts? earlier) => earlier is null ? this : this with
    {
        Earlier = new EarlierAssessmentSection(earlier, SupplierHistory.Compare(earlier.Ratings, Ratings, Profile, ActiveAlertLevel)),
    };

    /// <summary>
    /// The cells the supplier's answers claim are not applicable and no expert rated, in grid order (DESIGN §2.2 rule 9):
    /// never a missing or exceeding point; the report counts them and lists them for the on-site visit.
    /// </summary>
    public IReadOnlyList<Cell> NotApplicable => [.. Ratings.NotApplicableCells];

    /// <summary>Report version <paramref name="version"/> of a scored assessment; verified uses the expert's corrections.</summary>
    public static AssessmentReport Create(
        Procurement procurement, Assessment assessment, ConfidenceProfile profile, ModelCatalog catalog,
        int version, bool verified, DateTimeOffset now)
    {
        var declared = assessment.DeclaredRatings
            ?? throw new WorkflowException("The assessment has not been scored yet.");
        var template = ShippedData.Template(assessment.TemplateKey);
        return From(
            new ReportHeader(version, now, procurement.Id, procurement.Name, assessment.Id, assessment.SupplierName, assessment.TemplateKey),
            profile, procurement.ActiveAlertLevel, procurement.BaselineLevel, declared,
            verified ? assessment.VerifiedRatings! : null, verified ? assessment.Overrides : [], catalog,
            template is null ? null : DeclarationFindings.Of(template, assessment.Answers), procurement.TargetAdjustments);
    }

    /// <summary>
    /// A report from its facts: the declared ratings and, for a verified version, the verified ones and the expert's
    /// corrections, and the targets set for the procurement. Everything else (gap, baseline saving, action plan, checklist) follows from them, so a stored
    /// version read back (<c>ReportJson.Read</c>) is the same report.
    /// </summary>
    public static AssessmentReport From(
        ReportHeader header, ConfidenceProfile profile, string activeAlertLevel, int baselineLevel,
        RatingGrid declared, RatingGrid? verified, IReadOnlyList<RatingOverride> overrides, ModelCatalog catalog,
        DeclarationFindings? findings = null, IReadOnlyList<AdjustedTarget>? targetAdjustments = null)
    {
        var ratings = verified ?? declared;
        var gap = GapAnalysis.Compute(ratings, profile);
        return new AssessmentReport(
            header.Version, verified is not null, header.CreatedAt,
            header.ProcurementId, header.ProcurementName, header.AssessmentId, header.SupplierName, header.TemplateKey,
            profile, activeAlertLevel,
            ratings, gap,
            GapAnalysis.CompareWithUniform(ratings, profile, activeAlertLevel, baselineLevel),
            ActionPlan.For(gap.Variant(activeAlertLevel), ratings, catalog),
            [.. ratings.NotCoveredCells],
            verified is not null ? declared : null,
            verified is not null ? GapAnalysis.Compute(declared, profile) : null,
            verified is not null ? overrides : [],
            findings,
            targetAdjustments is { Count: > 0 } ? targetAdjustments : null);
    }
}

/// <summary>
/// What the supplier's declarations give the on-site checklist besides the uncovered cells (issue #9): the N/A claims
/// with their justification, the evidence questions left without a file, and the cells where declared answers disagree
/// (one says achieved, &gt; 50 %; another not done, ≤ 15 %). Question ids refer to the report's template version.
/// </summary>
public sealed record DeclarationFindings(
    IReadOnlyList<ClaimedNotApplicable> NotApplicable,
    IReadOnlyList<string> MissingEvidence,
    IReadOnlyList<DisagreeingAnswers> Disagreements)
{
    /// <summary>The findings of these answers against their template (<see cref="Declarations"/>).</summary>
    public static DeclarationFindings Of(QuestionnaireTemplate template, Answers answers) => new(
        [.. Declarations.NotApplicableClaims(template, answers).Select(c => new ClaimedNotApplicable(c.Cell, c.Question.Id, c.Justification))],
        [.. Declarations.MissingEvidence(template, answers).Select(q => q.Id)],
        [.. Declarations.Disagreements(template, answers).Select(d => new DisagreeingAnswers(
            d.Cell, d.Achieved.Question.Id, d.Achieved.PercentFor(d.Cell)!.Value, d.NotDone.Question.Id, d.NotDone.PercentFor(d.Cell)!.Value))]);
}

/// <summary>A cell the supplier's N/A answer to <paramref name="QuestionId"/> claims is not applicable, and why.</summary>
public sealed record ClaimedNotApplicable(Cell Cell, string QuestionId, string Justification);

/// <summary>On one cell, the answer to <paramref name="AchievedBy"/> gives &gt; 50 % and the answer to <paramref name="NotDoneBy"/> ≤ 15 %.</summary>
public sealed record DisagreeingAnswers(Cell Cell, string AchievedBy, double AchievedPercent, string NotDoneBy, double NotDonePercent);

/// <summary>Who and which version a report is about.</summary>
public sealed record ReportHeader(
    int Version, DateTimeOffset CreatedAt, string ProcurementId, string ProcurementName, string AssessmentId, string SupplierName, string TemplateKey);
