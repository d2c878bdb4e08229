using System.Globalization;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Grid;

namespace SupplierAssessment.Domain.Profiles;

/// <summary>
/// A target the project manager asks for this procurement: <paramref name="ProcessArea"/> at <paramref name="AlertLevel"/>
/// gets capability level <paramref name="Target"/> (0–5), for <paramref name="Reason"/> (one line, 1–200 characters).
/// Checked by <see cref="ProcurementTargets.Resolve"/>; typed input is read by <see cref="ProcurementTargets.Read"/>.
/// </summary>
public sealed record TargetAdjustment(ProcessAreaId ProcessArea, string AlertLevel, int Target, string Reason);

/// <summary>
/// A target this procurement holds that differs from the profile it was created on: <paramref name="ProfileTarget"/>
/// (the profile's, e.g. the shipped one) → <paramref name="Target"/> (this procurement's), and why.
/// </summary>
public sealed record AdjustedTarget(ProcessAreaId ProcessArea, string AlertLevel, int ProfileTarget, int Target, string Reason);

/// <summary>
/// One target as it changed, for the audit trail: <paramref name="From"/> → <paramref name="To"/>; <paramref name="Reason"/> is
/// null when an adjustment was withdrawn (the target is the profile's again).
/// </summary>
public sealed record TargetChange(ProcessAreaId ProcessArea, string AlertLevel, int From, int To, string? Reason);

/// <summary>One adjustment as typed (an API body's item or a form's row), not yet checked: every part may be missing or wrong.</summary>
public sealed record TargetInput(string? ProcessArea, string? AlertLevel, string? Target, string? Reason);

/// <summary>What is wrong with the input at <paramref name="Index"/>, in its <paramref name="Field"/> (processArea, alertLevel, target, reason).</summary>
public sealed record TargetInputError(int Index, string Field, LocalizedText Message);

/// <summary>
/// Targets set for one procurement (issue 10, part 4). Before the first report, the project manager may change any
/// process area's target at any alert level, with a one-line reason each. The procurement then measures against its own
/// version of the profile it was created on (<see cref="PinnedProfile"/>): the same id and version number, those targets
/// changed, and <see cref="ConfidenceProfile.ProcurementId"/> set, so its version reads
/// "{version}+procurement.{procurementId}" (<see cref="VersionLabel"/>). Every stage and report takes the procurement's
/// profile from there, so all of them measure against the adjusted targets. Once a supplier has a report the targets are
/// fixed, so that every bidder is measured against the same ones.
/// </summary>
public static class ProcurementTargets
{
    public const int MaxReasonLength = 200;

    public const string ProcessAreaField = "processArea";
    public const string AlertLevelField = "alertLevel";
    public const string TargetField = "target";
    public const string ReasonField = "reason";

    /// <summary>"2+procurement.p-123": version 2 of a profile, as procurement p-123's own (semantic-versioning build metadata).</summary>
    public static string VersionLabel(int version, string procurementId) =>
        $"{version.ToString(CultureInfo.InvariantCulture)}+procurement.{procurementId}";

    /// <summary>
    /// The version of a procurement's set of adjusted targets: 16 hexadecimal characters of the SHA-256 of the set
    /// (process area, alert level, target, reason each). The targets page posts it back and the API gives it as the ETag
    /// of <c>GET …/targets</c>, so that a set edited from a stale copy is refused (412) instead of silently replacing a
    /// change made meanwhile (issue 10's trial).
    /// </summary>
    public static string VersionOf(Procurement procurement)
    {
        var canonical = string.Join("\n", procurement.TargetAdjustments
            .OrderBy(a => a.ProcessArea.Id, StringComparer.Ordinal).ThenBy(a => a.AlertLevel, StringComparer.Ordinal)
            .Select(a => $"{a.ProcessArea.Id}\t{a.AlertLevel}\t{a.Target}\t{a.Reason}"));
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)))[..16].ToLowerInvariant();
    }

    /// <summary>
    /// The profile the procurement was created on: the administrator's profile it carries, else the shipped version it names.
    /// </summary>
    /// <exception cref="InvalidOperationException">The shipped version is not in this build.</exception>
    public static ConfidenceProfile CreatedOn(Procurement procurement) =>
        procurement.CustomProfile
        ?? ShippedData.Profile(procurement.ProfileId, procurement.ProfileVersion)
        ?? throw new InvalidOperationException($"Profile {procurement.ProfileId} v{procurement.ProfileVersion} is not available.");

    /// <summary>
    /// What the procurement measures against: <see cref="CreatedOn"/> itself when no target was adjusted, else its own
    /// version of it (<see cref="Pin"/>).
    /// </summary>
    public static ConfidenceProfile PinnedProfile(Procurement procurement) =>
        Pin(CreatedOn(procurement), procurement.Id, procurement.TargetAdjustments);

    /// <summary>
    /// <paramref name="profile"/> with the <paramref name="adjustments"/>' targets, as procurement <paramref name="procurementId"/>'s
    /// own version (same id and version, <see cref="ConfidenceProfile.ProcurementId"/> set); the profile itself when there are none.
    /// </summary>
    public static ConfidenceProfile Pin(ConfidenceProfile profile, string procurementId, IReadOnlyList<AdjustedTarget> adjustments)
    {
        if (adjustments.Count == 0)
        {
            return profile;
        }
        var targets = profile.AlertLevels.ToDictionary(
            level => level,
            level => (IReadOnlyDictionary<ProcessAreaId, int>)ProcessAreaId.All.ToDictionary(
                pa => pa,
                pa => adjustments.FirstOrDefault(a => a.ProcessArea == pa && a.AlertLevel == level)?.Target ?? profile.Target(level, pa)),
            StringComparer.Ordinal);
        return new ConfidenceProfile(profile.Id, profile.Version, profile.Name, profile.AlertLevels, targets, profile.Responsibilities,
            profile.BaselineLevel, profile.Description, profile.Rationale, profile.AlertLevelNames) { ProcurementId = procurementId };
    }

    /// <summary>
    /// Why <paramref name="reason"/> cannot be an adjustment's reason, or null when it can: one line of 1 to 200
    /// characters (trimmed) that <see cref="Names.IsShowable"/> accepts (no line break, tab, control or text-direction character).
    /// </summary>
    public static LocalizedText? ReasonProblem(string? reason)
    {
        var text = reason?.Trim() ?? "";
        if (text.Length is 0 or > MaxReasonLength)
        {
            return new LocalizedText(
                $"Say in one line of 1 to {MaxReasonLength} characters why this procurement needs this target.",
                $"Dites en une ligne de 1 à {MaxReasonLength} caractères pourquoi cette consultation a besoin de cette cible.");
        }
        return Names.IsShowable(text)
            ? null
            : new LocalizedText(
                "The reason is one line: no line breaks, tabs, control characters or text-direction marks.",
                "La raison tient en une ligne : ni saut de ligne, ni tabulation, ni caractère de contrôle, ni marque de sens d'écriture.");
    }

    /// <summary>
    /// Reads typed adjustments against the procurement's <paramref name="profile"/> (the one it was created on): the
    /// adjustments, or the errors by item and field. A process area is PA01–PA22; an alert level one of the profile's;
    /// a target a whole level 0–5; a process area and alert level given once; a reason as <see cref="ReasonProblem"/>
    /// says — needed only when the target differs from the profile's (one equal to it withdraws the adjustment).
    /// </summary>
    public static (IReadOnlyList<TargetAdjustment> Adjustments, IReadOnlyList<TargetInputError> Errors) Read(
        ConfidenceProfile profile, IReadOnlyList<TargetInput> inputs)
    {
        var adjustments = new List<TargetAdjustment>();
        var errors = new List<TargetInputError>();
        var seen = new HashSet<(ProcessAreaId, string)>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var before = errors.Count;
            var knownArea = ProcessAreaId.TryParse(input.ProcessArea?.Trim(), out var processArea);
            if (!knownArea)
            {
                errors.Add(new(i, ProcessAreaField, new(
                    $"'{input.ProcessArea}' is not a process area: give one from PA01 to PA22.",
                    $"« {input.ProcessArea} » n'est pas un domaine de processus : indiquez-en un de PA01 à PA22.")));
            }
            var alertLevel = input.AlertLevel?.Trim() ?? "";
            var knownLevel = profile.HasAlertLevel(alertLevel);
            if (!knownLevel)
            {
                var levels = string.Join(", ", profile.AlertLevels);
                errors.Add(new(i, AlertLevelField, new(
                    $"'{input.AlertLevel}' is not an alert level of {profile.Id} ({levels}).",
                    $"« {input.AlertLevel} » n'est pas un niveau d'alerte de {profile.Id} ({levels}).")));
            }
            if (!int.TryParse(input.Target?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var target) || target > CommonFeature.MaxLevel)
            {
                errors.Add(new(i, TargetField, new(
                    "The target is a whole capability level from 0 to 5.",
                    "La cible est un niveau de capacité entier de 0 à 5.")));
            }
            else if (knownArea && knownLevel && target != profile.Target(alertLevel, processArea) && ReasonProblem(input.Reason) is { } problem)
            {
                errors.Add(new(i, ReasonField, problem));
            }
            if (knownArea && knownLevel && !seen.Add((processArea, alertLevel)))
            {
                errors.Add(new(i, ProcessAreaField, new(
                    $"{processArea.Id} at {profile.AlertLevelName(alertLevel).En} is given twice: keep one.",
                    $"{processArea.Id} au niveau {profile.AlertLevelName(alertLevel).Fr} est donné deux fois : n'en gardez qu'un.")));
            }
            if (errors.Count == before)
            {
                adjustments.Add(new TargetAdjustment(processArea, alertLevel, target, input.Reason?.Trim() ?? ""));
            }
        }
        return (adjustments, errors);
    }

    /// <summary>
    /// The targets the procurement holds after <paramref name="adjustments"/> replace its set: those that differ from the
    /// profile it was created on, in process-area then alert-level order (one equal to the profile's target is dropped).
    /// </summary>
    /// <exception cref="WorkflowException">A supplier already has a report (targets are fixed so that bidders are measured
    /// alike), or the procurement is closed.</exception>
    /// <exception cref="ArgumentException">An adjustment <see cref="Read"/> would refuse.</exception>
    public static IReadOnlyList<AdjustedTarget> Resolve(Procurement procurement, IEnumerable<TargetAdjustment> adjustments, IEnumerable<Assessment> suppliers)
    {
        if (suppliers.FirstOrDefault(a => a.ReportVersion > 0) is { } reported)
        {
            throw new WorkflowException(
                $"The targets are fixed: {reported.SupplierName} already has a report, and every bidder is measured against the same targets.");
        }
        if (procurement.Closed)
        {
            throw new WorkflowException("The procurement is closed: its targets can no longer change.");
        }
        var profile = CreatedOn(procurement);
        var list = adjustments.ToArray();
        var (_, errors) = Read(profile, [.. list.Select(a => new TargetInput(a.ProcessArea.Id, a.AlertLevel, a.Target.ToString(CultureInfo.InvariantCulture), a.Reason))]);
        if (errors.Count > 0)
        {
            throw new ArgumentException($"adjustments[{errors[0].Index}].{errors[0].Field}: {errors[0].Message.En}", nameof(adjustments));
        }
        return Ordered(profile, list
            .Where(a => a.Target != profile.Target(a.AlertLevel, a.ProcessArea))
            .Select(a => new AdjustedTarget(a.ProcessArea, a.AlertLevel, profile.Target(a.AlertLevel, a.ProcessArea), a.Target, a.Reason.Trim())));
    }

    /// <summary>What changed from <paramref name="before"/> to <paramref name="after"/>: one entry per target or reason changed, in process-area order.</summary>
    public static IReadOnlyList<TargetChange> Changes(IReadOnlyList<AdjustedTarget> before, IReadOnlyList<AdjustedTarget> after)
    {
        var changes = new List<TargetChange>();
        foreach (var old in before.Where(b => !after.Any(a => Same(a, b))))
        {
            changes.Add(new TargetChange(old.ProcessArea, old.AlertLevel, old.Target, old.ProfileTarget, null));
        }
        foreach (var now in after)
        {
            var old = before.FirstOrDefault(b => Same(b, now));
            if (old is null || old.Target != now.Target || old.Reason != now.Reason)
            {
                changes.Add(new TargetChange(now.ProcessArea, now.AlertLevel, old?.Target ?? now.ProfileTarget, now.Target, now.Reason));
            }
        }
        return [.. changes.OrderBy(c => c.ProcessArea)];
    }

    /// <summary>Process-area order, then the alert levels' order in <paramref name="profile"/>.</summary>
    public static IReadOnlyList<AdjustedTarget> Ordered(ConfidenceProfile profile, IEnumerable<AdjustedTarget> adjustments) =>
        [.. adjustments.OrderBy(a => a.ProcessArea).ThenBy(a => IndexOf(profile.AlertLevels, a.AlertLevel))];

    private static int IndexOf(IReadOnlyList<string> levels, string level)
    {
        for (var i = 0; i < levels.Count; i++)
        {
            if (levels[i] == level)
            {
                return i;
            }
        }
        return levels.Count;
    }

    private static bool Same(AdjustedTarget a, AdjustedTarget b) => a.ProcessArea == b.ProcessArea && a.AlertLevel == b.AlertLevel;
}
