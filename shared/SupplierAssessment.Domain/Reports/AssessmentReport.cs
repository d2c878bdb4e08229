using SupplierAssessment.Domain.ActionPlans;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Catalog;
using SupplierAssessment.Domain.Gap;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;

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
    IReadOnlyList<RatingOverride> Overrides)
{
    public AlertLevelGap ActiveGap => Gap.Variant(ActiveAlertLevel);

    /// <summary>Report version <paramref name="version"/> of a scored assessment; verified uses the expert's corrections.</summary>
    public static AssessmentReport Create(
        Procurement procurement, Assessment assessment, ConfidenceProfile profile, ModelCatalog catalog,
        int version, bool verified, DateTimeOffset now)
    {
        var declared = assessment.DeclaredRatings
            ?? throw new WorkflowException("The assessment has not been scored yet.");
        var ratings = verified ? assessment.VerifiedRatings! : declared;
        var gap = GapAnalysis.Compute(ratings, profile);
        return new AssessmentReport(
            version, verified, now,
            procurement.Id, procurement.Name, assessment.Id, assessment.SupplierName, assessment.TemplateKey,
            profile, procurement.ActiveAlertLevel,
            ratings, gap,
            GapAnalysis.CompareWithUniform(ratings, profile, procurement.ActiveAlertLevel, procurement.BaselineLevel),
            ActionPlan.For(gap.Variant(procurement.ActiveAlertLevel), ratings, catalog),
            [.. ratings.NotCoveredCells],
            verified ? declared : null,
            verified ? GapAnalysis.Compute(declared, profile) : null,
            verified ? assessment.Overrides : []);
    }
}
