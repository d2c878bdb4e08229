using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Grid;

namespace SupplierAssessment.Domain.Reports;

/// <summary>
/// The facts of the confirmed earlier assessment that a report version shows: which one, when, and its ratings — the
/// earlier assessment's verified ratings (declared with the expert's corrections) as they were when the version was
/// written, so a stored version read back shows the same figures.
/// </summary>
public sealed record EarlierAssessmentFacts(string ProcurementId, string ProcurementName, string AssessmentId, DateTimeOffset AssessedAt, RatingGrid Ratings)
{
    /// <summary>
    /// The facts report version <paramref name="reportVersion"/> shows of <paramref name="earlier"/>, confirmed through
    /// <paramref name="link"/>; null when either is missing, it has no ratings, or the version is older than the link
    /// (<see cref="EarlierAssessmentLink.FirstReportVersion"/>: a version written before the confirmation never shows it,
    /// neither when stored nor when its email is made).
    /// </summary>
    public static EarlierAssessmentFacts? Of(int reportVersion, EarlierAssessmentLink? link, Assessment? earlier) =>
        link is not null && reportVersion >= link.FirstReportVersion
        && earlier is { VerifiedRatings: { } ratings } && earlier.Id == link.AssessmentId && earlier.ProcurementId == link.ProcurementId
            ? new EarlierAssessmentFacts(link.ProcurementId, link.ProcurementName, link.AssessmentId, link.AssessedAt, ratings)
            : null;
}

/// <summary>
/// The report's "Earlier assessment" section: the earlier assessment's facts and, per process area, its achieved level
/// and missing points next to this version's — both measured against this report's profile at its active alert level
/// (<see cref="SupplierHistory.Compare"/>).
/// </summary>
public sealed record EarlierAssessmentSection(EarlierAssessmentFacts Assessment, SupplierProgress Progress);
