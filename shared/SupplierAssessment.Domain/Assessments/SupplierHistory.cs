using SupplierAssessment.Domain.Gap;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;

namespace SupplierAssessment.Domain.Assessments;

/// <summary>
/// The earlier assessment the project manager confirmed is the same supplier's, stored on the new assessment
/// (<see cref="Assessment.EarlierAssessment"/>). <paramref name="ProcurementName"/> and <paramref name="AssessedAt"/> (the
/// earlier submission, else its invitation) are copied when confirming — a procurement's name never changes — so pages and
/// reports can name it without reading the earlier procurement. <paramref name="FirstReportVersion"/> is the first report
/// version of the new assessment written after the confirmation: the one that first carries the earlier assessment.
/// </summary>
public sealed record EarlierAssessmentLink(
    string ProcurementId, string AssessmentId, string ProcurementName, DateTimeOffset AssessedAt, int FirstReportVersion)
{
    /// <summary>"procurementId/assessmentId": how a dismissed candidate is remembered (<see cref="Assessment.DismissedEarlier"/>).</summary>
    public static string KeyOf(string procurementId, string assessmentId) => procurementId + "/" + assessmentId;

    public string Key => KeyOf(ProcurementId, AssessmentId);
}

/// <summary>An assessment of an earlier procurement of the same project manager that may be the same supplier's.</summary>
public sealed record EarlierCandidate(Procurement Procurement, Assessment Assessment)
{
    /// <summary>When the supplier was assessed then: its submission, else (never for a reported assessment) its invitation.</summary>
    public DateTimeOffset AssessedAt => Assessment.SubmittedAt ?? Assessment.InvitedAt;

    public string Key => EarlierAssessmentLink.KeyOf(Procurement.Id, Assessment.Id);

    /// <summary>The link to store when the project manager confirms it for <paramref name="today"/>.</summary>
    public EarlierAssessmentLink LinkFor(Assessment today) =>
        new(Procurement.Id, Assessment.Id, Procurement.Name, AssessedAt, today.ReportVersion + 1);
}

/// <summary>
/// One process area then and now, both measured against TODAY's procurement profile at its active alert level (so the
/// figures compare): <paramref name="Target"/> is today's target, <paramref name="EarlierLevel"/> the achieved level of the
/// earlier assessment's verified ratings, <paramref name="TodayLevel"/> that of today's (null while today's assessment is
/// not scored); the missing points are the required cells (levels 1..target) not achieved (DESIGN §2.2 rules 3–5, 9).
/// </summary>
public sealed record ProcessAreaProgress(
    ProcessAreaId ProcessArea, int Target, int EarlierLevel, int? TodayLevel, int EarlierMissingPoints, int? TodayMissingPoints)
{
    /// <summary>Today's achieved level minus the earlier one (positive: improved); null while today's is unknown.</summary>
    public int? LevelChange => TodayLevel - EarlierLevel;
}

/// <summary>
/// A supplier's earlier assessment next to today's, per process area in PA order (all 22), against today's profile at
/// <paramref name="AlertLevel"/> (the procurement's active alert level). Seed 002 §5: suppliers assessed twice improved.
/// </summary>
public sealed record SupplierProgress(string AlertLevel, IReadOnlyList<ProcessAreaProgress> ProcessAreas)
{
    /// <summary>All missing points of the earlier ratings against today's profile at <see cref="AlertLevel"/>.</summary>
    public int EarlierMissingPoints => ProcessAreas.Sum(p => p.EarlierMissingPoints);

    /// <summary>All missing points of today's ratings at <see cref="AlertLevel"/>; null while today's assessment is not scored.</summary>
    public int? TodayMissingPoints => ProcessAreas.Any(p => p.TodayMissingPoints is null) ? null : ProcessAreas.Sum(p => p.TodayMissingPoints!.Value);

    /// <summary>Today's missing points minus the earlier ones (negative: fewer points to pay for); null while today's is unknown.</summary>
    public int? MissingPointsChange => TodayMissingPoints - EarlierMissingPoints;
}

/// <summary>
/// A supplier assessed before (issue 10 part 6; seed 002 §5, "improvement over time"): which earlier assessments may be
/// the same supplier's, and how its levels and missing points moved since. Pure rules: the store finds the assessments,
/// the project manager confirms once.
/// </summary>
public static class SupplierHistory
{
    /// <summary>The part after the last '@', trimmed and lower-case ("Sec@Northwind.Example " → "northwind.example"); "" without one.</summary>
    public static string EmailDomain(string email)
    {
        var at = email.LastIndexOf('@');
        return at < 0 ? "" : email[(at + 1)..].Trim().ToLowerInvariant();
    }

    /// <summary>An organisation name as compared: trimmed, every run of white space one space, upper-case (invariant).</summary>
    public static string OrganisationName(string name) =>
        string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();

    /// <summary>
    /// The matching rule: the same email domain (case-insensitive) AND the same organisation name (case-insensitive,
    /// trimmed, white space collapsed). Either alone is not enough: two suppliers may share a mail provider, or a name.
    /// </summary>
    public static bool IsSameSupplier(Assessment today, Assessment earlier)
    {
        var domain = EmailDomain(today.SupplierEmail);
        return domain.Length > 0 && domain == EmailDomain(earlier.SupplierEmail)
            && OrganisationName(today.SupplierName) == OrganisationName(earlier.SupplierName);
    }

    /// <summary>
    /// Whether <paramref name="earlier"/> (of <paramref name="earlierProcurement"/>) may be offered as the earlier assessment
    /// of <paramref name="today"/> (of <paramref name="procurement"/>): a procurement of the SAME project manager (owner)
    /// other than this one — another's results never leak —, an assessment invited before today's with a report
    /// (report version above 0) and ratings, and the same supplier (<see cref="IsSameSupplier"/>). Dismissals are not
    /// looked at here (<see cref="Candidates"/> leaves them out).
    /// </summary>
    public static bool IsCandidate(Procurement procurement, Assessment today, Procurement earlierProcurement, Assessment earlier) =>
        earlierProcurement.OwnerId == procurement.OwnerId
        && earlierProcurement.Id != procurement.Id
        && earlier.ProcurementId == earlierProcurement.Id
        && earlier.ReportVersion > 0 && earlier.VerifiedRatings is not null
        && earlier.InvitedAt < today.InvitedAt
        && IsSameSupplier(today, earlier);

    /// <summary>
    /// The candidates for <paramref name="today"/> among <paramref name="assessed"/> (the owner's other assessments), the
    /// dismissed ones and the confirmed one left out, the newest first.
    /// </summary>
    public static IReadOnlyList<EarlierCandidate> Candidates(Procurement procurement, Assessment today, IEnumerable<EarlierCandidate> assessed) =>
        [.. assessed
            .Where(c => IsCandidate(procurement, today, c.Procurement, c.Assessment))
            .Where(c => !today.DismissedEarlier.Contains(c.Key) && today.EarlierAssessment?.Key != c.Key)
            .OrderByDescending(c => c.AssessedAt)];

    /// <summary>
    /// The project manager confirms <paramref name="candidate"/> as the earlier assessment of <paramref name="today"/>:
    /// stored on it (replacing an earlier choice). <see cref="WorkflowException"/> when it is not a candidate
    /// (<see cref="IsCandidate"/>). Returns the link stored.
    /// </summary>
    public static EarlierAssessmentLink Confirm(Procurement procurement, Assessment today, EarlierCandidate candidate)
    {
        if (!IsCandidate(procurement, today, candidate.Procurement, candidate.Assessment))
        {
            throw new WorkflowException(NotACandidate);
        }
        var link = candidate.LinkFor(today);
        today.LinkEarlierAssessment(link);
        return link;
    }

    /// <summary>Why a confirmation is refused (the API's 400).</summary>
    public const string NotACandidate =
        "That assessment is not an earlier assessment of this supplier: it must be of another of your procurements, have a report, and have the same email domain and organisation name.";

    /// <summary>
    /// Levels and missing points per process area, the earlier ratings next to today's, both measured against TODAY's
    /// <paramref name="profile"/> at <paramref name="alertLevel"/> (the procurement's active alert level) with the gap
    /// analysis (<see cref="GapAnalysis.Compute"/>). <paramref name="earlier"/> are the earlier assessment's verified ratings
    /// (declared with the expert's corrections); <paramref name="today"/> today's, null while not scored.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="alertLevel"/> is not one of the profile's.</exception>
    public static SupplierProgress Compare(RatingGrid earlier, RatingGrid? today, ConfidenceProfile profile, string alertLevel)
    {
        var then = GapAnalysis.Compute(earlier, profile).Variant(alertLevel);
        var now = today is null ? null : GapAnalysis.Compute(today, profile).Variant(alertLevel);
        return new SupplierProgress(alertLevel, [.. ProcessAreaId.All.Select(pa => new ProcessAreaProgress(
            pa, then[pa].Target, then[pa].Achieved, now?[pa].Achieved, then[pa].MissingPoints, now?[pa].MissingPoints))]);
    }
}
