using System.Numerics;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;

namespace SupplierAssessment.Domain.Gap;

/// <summary>
/// The gap of one process area to its target at one alert level (DESIGN §2.2 rules 4–7); a not-applicable cell is in
/// neither mask (rule 9).
/// </summary>
public readonly record struct ProcessAreaGap(ProcessAreaId ProcessArea, int Target, int Achieved, Actor Actor, ushort MissingMask, ushort ExceedingMask)
{
    /// <summary>Required cells (levels 1..target) not achieved, in grid order.</summary>
    public IEnumerable<CommonFeature> Missing => CommonFeature.FromMask(MissingMask);

    /// <summary>Achieved cells above the target, in grid order: effort beyond the need.</summary>
    public IEnumerable<CommonFeature> Exceeding => CommonFeature.FromMask(ExceedingMask);

    public int MissingPoints => BitOperations.PopCount(MissingMask);

    public int ExceedingPoints => BitOperations.PopCount(ExceedingMask);
}

/// <summary>The gap at one alert level: "1 point for 1 step" (paper §3).</summary>
public sealed class AlertLevelGap
{
    private readonly ProcessAreaGap[] _processAreas;

    internal AlertLevelGap(string alertLevel, ProcessAreaGap[] processAreas)
    {
        AlertLevel = alertLevel;
        _processAreas = processAreas;
        foreach (var gap in processAreas)
        {
            MissingPoints += gap.MissingPoints;
            ExceedingPoints += gap.ExceedingPoints;
        }
    }

    public string AlertLevel { get; }

    /// <summary>All 22 process areas, in PA order.</summary>
    public IReadOnlyList<ProcessAreaGap> ProcessAreas => _processAreas;

    public ProcessAreaGap this[ProcessAreaId processArea] => _processAreas[processArea.Index];

    public int MissingPoints { get; }

    public int ExceedingPoints { get; }

    /// <summary>Missing points that fall to one actor: each missing cell is an action for its PA's actor.</summary>
    public int MissingBy(Actor actor)
    {
        var points = 0;
        foreach (var gap in _processAreas)
        {
            if (gap.Actor == actor)
            {
                points += gap.MissingPoints;
            }
        }
        return points;
    }
}

/// <summary>The ratings measured against every alert level of a profile.</summary>
public sealed class GapReport
{
    private readonly int[] _achievedLevels;
    private readonly AlertLevelGap[] _variants;

    internal GapReport(int[] achievedLevels, AlertLevelGap[] variants)
    {
        _achievedLevels = achievedLevels;
        _variants = variants;
    }

    /// <summary>Achieved level per process area, PA01 first.</summary>
    public IReadOnlyList<int> AchievedLevels => _achievedLevels;

    public int AchievedLevel(ProcessAreaId processArea) => _achievedLevels[processArea.Index];

    /// <summary>One per alert level, in the profile's order.</summary>
    public IReadOnlyList<AlertLevelGap> Variants => _variants;

    public AlertLevelGap Variant(string alertLevel) =>
        _variants.FirstOrDefault(v => v.AlertLevel == alertLevel)
        ?? throw new ArgumentException($"No variant for alert level '{alertLevel}'.", nameof(alertLevel));
}

/// <summary>What the adaptive profile saves against a uniform level (paper §4: 91 points uniform vs 42 adaptive).</summary>
public sealed record BaselineComparison(
    int BaselineLevel,
    string AlertLevel,
    AlertLevelGap Uniform,
    AlertLevelGap Adaptive)
{
    /// <summary>Missing points the project does not have to pay for.</summary>
    public int SavedPoints => Uniform.MissingPoints - Adaptive.MissingPoints;
}

public static class GapAnalysis
{
    /// <summary>Measures the ratings against every alert level of the profile.</summary>
    public static GapReport Compute(RatingGrid ratings, ConfidenceProfile profile)
    {
        Span<ushort> achievedMasks = stackalloc ushort[ProcessAreaId.Count];
        Span<ushort> notApplicableMasks = stackalloc ushort[ProcessAreaId.Count];
        var achievedLevels = new int[ProcessAreaId.Count];
        foreach (var processArea in ProcessAreaId.All)
        {
            achievedMasks[processArea.Index] = ratings.AchievedMask(processArea);
            notApplicableMasks[processArea.Index] = ratings.NotApplicableMask(processArea);
            // Rule 9: a not-applicable cell counts as achieved for the achieved level.
            achievedLevels[processArea.Index] = RatingGrid.AchievedLevel((ushort)(achievedMasks[processArea.Index] | notApplicableMasks[processArea.Index]));
        }
        var variants = new AlertLevelGap[profile.AlertLevels.Count];
        for (var i = 0; i < variants.Length; i++)
        {
            variants[i] = Variant(profile, profile.AlertLevels[i], achievedMasks, notApplicableMasks, achievedLevels);
        }
        return new GapReport(achievedLevels, variants);
    }

    /// <summary>The same ratings against the profile's active alert level and against a uniform baseline.</summary>
    public static BaselineComparison CompareWithUniform(RatingGrid ratings, ConfidenceProfile profile, string alertLevel, int? baselineLevel = null)
    {
        var level = baselineLevel ?? profile.BaselineLevel;
        var uniform = ConfidenceProfile.Uniform(level, profile.Responsibilities);
        return new BaselineComparison(
            level,
            alertLevel,
            Compute(ratings, uniform).Variants[0],
            Compute(ratings, profile).Variant(alertLevel));
    }

    private static AlertLevelGap Variant(
        ConfidenceProfile profile, string alertLevel, ReadOnlySpan<ushort> achievedMasks, ReadOnlySpan<ushort> notApplicableMasks, int[] achievedLevels)
    {
        var targets = profile.Targets(alertLevel);
        var gaps = new ProcessAreaGap[ProcessAreaId.Count];
        foreach (var processArea in ProcessAreaId.All)
        {
            var i = processArea.Index;
            var target = targets[i];
            var required = CommonFeature.MaskUpToLevel(target);
            var achieved = achievedMasks[i];
            var notApplicable = notApplicableMasks[i];
            gaps[i] = new ProcessAreaGap(
                processArea,
                target,
                achievedLevels[i],
                profile.Responsibilities[processArea],
                MissingMask: (ushort)(required & ~achieved & ~notApplicable), // rule 9: never a missing point
                ExceedingMask: (ushort)(achieved & ~required & ~notApplicable)); // an NA cell is never "achieved" in the mask either
        }
        return new AlertLevelGap(alertLevel, gaps);
    }
}
