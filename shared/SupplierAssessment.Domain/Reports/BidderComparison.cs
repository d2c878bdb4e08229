using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Gap;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;

namespace SupplierAssessment.Domain.Reports;

/// <summary>
/// The bidders of one procurement side by side (issue 10): for each scored bidder and each of the 22 process areas,
/// the achieved level, the target at the procurement's active alert level and the missing points, as
/// <see cref="GapAnalysis.Compute"/> measures them on the verified ratings (the declared ones when the expert changed
/// nothing) — the figures of the bidder's report and of the ranking. Scored bidders come in the ranking's order
/// (fewest missing points at the active alert level first, ties by supplier name, case-insensitive), then the bidders
/// not scored yet, waiting, in the order given. Pure data: the page, the CSV and the XLSX render it.
/// </summary>
public sealed class BidderComparison
{
    private readonly int[] _targets;

    private BidderComparison(string alertLevel, int[] targets, IReadOnlyList<ComparedBidder> bidders)
    {
        AlertLevel = alertLevel;
        _targets = targets;
        Bidders = bidders;
    }

    /// <summary>The active alert level the targets and missing points are measured at.</summary>
    public string AlertLevel { get; }

    /// <summary>The target level (0..5) of each process area at <see cref="AlertLevel"/>, PA01 first.</summary>
    public IReadOnlyList<int> Targets => _targets;

    /// <summary>The process areas compared, in grid order: every one of the profile's 22.</summary>
    public static IReadOnlyList<ProcessAreaId> ProcessAreas => ProcessAreaId.All;

    /// <summary>Scored bidders in rank order, then the waiting ones.</summary>
    public IReadOnlyList<ComparedBidder> Bidders { get; }

    public IEnumerable<ComparedBidder> Scored => Bidders.Where(b => !b.Waiting);

    public IEnumerable<ComparedBidder> Waiting => Bidders.Where(b => b.Waiting);

    /// <summary>
    /// Compares the <paramref name="bidders"/> of <paramref name="procurement"/> against <paramref name="profile"/>
    /// (the procurement's own, pinned or custom) at its active alert level. A withdrawn supplier is no longer a bidder.
    /// </summary>
    /// <exception cref="ArgumentException">The profile has no variant for the procurement's active alert level.</exception>
    public static BidderComparison Of(Procurement procurement, ConfidenceProfile profile, IEnumerable<Assessment> bidders)
    {
        var alertLevel = procurement.ActiveAlertLevel;
        if (!profile.HasAlertLevel(alertLevel))
        {
            throw new ArgumentException($"Profile '{profile.Id}' has no alert level '{alertLevel}'.", nameof(profile));
        }
        var scored = new List<ComparedBidder>();
        var waiting = new List<ComparedBidder>();
        foreach (var a in bidders.Where(b => b.State != AssessmentState.Withdrawn))
        {
            if (a.VerifiedRatings is not { } ratings)
            {
                waiting.Add(new ComparedBidder(a.Id, a.SupplierName, a.State, null, false, a.ReportVersion, null));
                continue;
            }
            var gap = GapAnalysis.Compute(ratings, profile).Variant(alertLevel);
            scored.Add(new ComparedBidder(a.Id, a.SupplierName, a.State, null, a.State == AssessmentState.Final, a.ReportVersion, gap));
        }
        var ranked = scored
            .OrderBy(b => b.MissingPoints)
            .ThenBy(b => b.SupplierName, StringComparer.OrdinalIgnoreCase)
            .Select((b, i) => b with { Rank = i + 1 });
        return new BidderComparison(alertLevel, [.. profile.Targets(alertLevel)], [.. ranked, .. waiting]);
    }
}

/// <summary>
/// One bidder of a <see cref="BidderComparison"/>: its rank (null while waiting), whether its ratings are the expert's
/// verified ones (assessment final), its newest report version (0: none yet) and, once scored, its gap at the active
/// alert level (<see cref="Gap"/> null while waiting: no figures).
/// </summary>
public sealed record ComparedBidder(
    string AssessmentId, string SupplierName, AssessmentState State, int? Rank, bool Verified, int LatestReportVersion, AlertLevelGap? Gap)
{
    /// <summary>Not scored yet: invited, answering, or submitted and still being scored.</summary>
    public bool Waiting => Gap is null;

    /// <summary>Missing points over all process areas at the active alert level (null while waiting).</summary>
    public int? MissingPoints => Gap?.MissingPoints;

    /// <summary>The achieved level, the target and the missing points of one process area (null while waiting).</summary>
    public ProcessAreaGap? this[ProcessAreaId processArea] => Gap?[processArea];

    /// <summary>Below target in a process area: its achieved level is under the target (it then has missing points).</summary>
    public bool IsBelowTarget(ProcessAreaId processArea) => Gap?[processArea] is { } pa && pa.Achieved < pa.Target;
}
