using System.Text.Json;
using Azure.Data.Tables;
using SupplierAssessment.Domain.Assessments;

namespace SupplierAssessment.Adapters.Storage;

/// <summary>
/// A supplier's earlier assessments (issue 10 part 6), looked for only among the procurements of the same project
/// manager: the owner's partition of procurements (one query), then the assessments of each procurement created before
/// the newest invitation asked about (one partition query each) — N reads for a page, read only when some assessment
/// still needs its candidates. The rule itself is <see cref="SupplierHistory"/>.
/// </summary>
public sealed class EarlierAssessments(ProcurementStore procurements, AssessmentStore assessments)
{
    /// <summary>
    /// The candidates of each assessment of <paramref name="procurement"/> in <paramref name="asked"/>, by assessment id,
    /// newest first (<see cref="SupplierHistory.Candidates"/>: dismissed and confirmed ones left out); an empty list for
    /// an assessment with none. No read when <paramref name="asked"/> is empty.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<EarlierCandidate>>> CandidatesAsync(
        Procurement procurement, IReadOnlyCollection<Assessment> asked, CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<string, IReadOnlyList<EarlierCandidate>>(StringComparer.Ordinal);
        if (asked.Count == 0)
        {
            return result;
        }
        var assessed = await AssessedBeforeAsync(procurement, asked.Max(a => a.InvitedAt), cancellationToken);
        foreach (var today in asked)
        {
            result[today.Id] = SupplierHistory.Candidates(procurement, today, assessed);
        }
        return result;
    }

    /// <summary>
    /// One candidate by its ids, or null when it is not one for <paramref name="today"/>: not a procurement of
    /// <paramref name="procurement"/>'s owner, no such assessment, no report, not the same supplier
    /// (<see cref="SupplierHistory.IsCandidate"/>). Two point reads.
    /// </summary>
    public async Task<EarlierCandidate?> CandidateAsync(
        Procurement procurement, Assessment today, string earlierProcurementId, string earlierAssessmentId, CancellationToken cancellationToken = default)
    {
        // The owner's partition only: another project manager's procurement is never found.
        if (await procurements.FindAsync(procurement.OwnerId, earlierProcurementId, cancellationToken) is not { } earlierProcurement
            || await assessments.FindAsync(earlierProcurement.Id, earlierAssessmentId, cancellationToken) is not { } earlier
            || earlier.OwnerId != procurement.OwnerId)
        {
            return null;
        }
        var candidate = new EarlierCandidate(earlierProcurement, earlier.Assessment);
        return SupplierHistory.IsCandidate(procurement, today, earlierProcurement, earlier.Assessment) ? candidate : null;
    }

    /// <summary>
    /// The confirmed earlier assessment of <paramref name="today"/> (one point read), or null when none is confirmed or it
    /// is gone or not <paramref name="ownerId"/>'s (then nothing of it is shown).
    /// </summary>
    public async Task<Assessment?> ConfirmedAsync(string ownerId, Assessment today, CancellationToken cancellationToken = default) =>
        today.EarlierAssessment is { } link
        && await assessments.FindAsync(link.ProcurementId, link.AssessmentId, cancellationToken) is { } earlier
        && earlier.OwnerId == ownerId
            ? earlier.Assessment
            : null;

    /// <summary>Every assessment of the owner's other procurements created before <paramref name="before"/>.</summary>
    private async Task<IReadOnlyList<EarlierCandidate>> AssessedBeforeAsync(Procurement procurement, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var others = (await procurements.ListAsync(procurement.OwnerId, cancellationToken))
            .Where(p => p.Id != procurement.Id && p.CreatedAt < before)
            .ToArray();
        // Only the rows with a report travel: a candidate needs one (SupplierHistory.IsCandidate).
        var lists = await Task.WhenAll(others.Select(p => assessments.ListReportedAsync(p.Id, cancellationToken)));
        return [.. others.SelectMany((p, i) => lists[i].Where(s => s.OwnerId == procurement.OwnerId).Select(s => new EarlierCandidate(p, s.Assessment)))];
    }
}

/// <summary>
/// The columns of <see cref="AssessmentRow"/> for the supplier's history: <c>EarlierAssessment</c> (the confirmed link, as
/// JSON) and <c>DismissedEarlier</c> (a JSON array of "procurementId/assessmentId"); both absent when there is nothing.
/// </summary>
internal static class EarlierAssessmentColumns
{
    public static void Write(TableEntity e, Assessment a)
    {
        if (a.EarlierAssessment is { } link)
        {
            e["EarlierAssessment"] = JsonSerializer.Serialize(link);
        }
        if (a.DismissedEarlier.Count > 0)
        {
            e["DismissedEarlier"] = JsonSerializer.Serialize(a.DismissedEarlier.Order(StringComparer.Ordinal));
        }
    }

    public static void Read(TableEntity e, Assessment a)
    {
        foreach (var key in e.GetString("DismissedEarlier") is { } dismissed ? JsonSerializer.Deserialize<string[]>(dismissed)! : [])
        {
            a.DismissEarlierAssessment(key);
        }
        if (e.GetString("EarlierAssessment") is { } json)
        {
            a.LinkEarlierAssessment(JsonSerializer.Deserialize<EarlierAssessmentLink>(json)!);
        }
    }
}
