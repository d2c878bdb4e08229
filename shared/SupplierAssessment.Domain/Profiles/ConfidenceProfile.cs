using SupplierAssessment.Domain.Grid;

namespace SupplierAssessment.Domain.Profiles;

/// <summary>
/// A named, versioned adaptive confidence profile (DESIGN §2.3): for each alert level, in order, a target
/// capability level 0..5 per process area; plus the responsibility matrix and the uniform baseline level
/// that reports compare against.
/// </summary>
public sealed class ConfidenceProfile
{
    public const int DefaultBaselineLevel = 3;

    private readonly Dictionary<string, int[]> _targets;

    public ConfidenceProfile(
        string id,
        int version,
        LocalizedText name,
        IReadOnlyList<string> alertLevels,
        IReadOnlyDictionary<string, IReadOnlyDictionary<ProcessAreaId, int>> targets,
        ResponsibilityMatrix? responsibilities = null,
        int baselineLevel = DefaultBaselineLevel,
        LocalizedText? description = null,
        IReadOnlyDictionary<ProcessAreaId, LocalizedText>? rationale = null,
        IReadOnlyDictionary<string, LocalizedText>? alertLevelNames = null)
    {
        if (alertLevels.Count == 0 || alertLevels.Distinct(StringComparer.Ordinal).Count() != alertLevels.Count)
        {
            throw new ArgumentException("A profile has at least one alert level, each named once.", nameof(alertLevels));
        }
        if (targets.Keys.FirstOrDefault(level => !alertLevels.Contains(level)) is { } unknown)
        {
            throw new ArgumentException($"Targets are given for '{unknown}', which is not one of the profile's alert levels.", nameof(targets));
        }
        CheckLevel(baselineLevel, nameof(baselineLevel));
        _targets = alertLevels.ToDictionary(level => level, level =>
        {
            var row = new int[ProcessAreaId.Count]; // a PA absent from a target has target 0
            if (targets.TryGetValue(level, out var given))
            {
                foreach (var (processArea, target) in given)
                {
                    row[processArea.Index] = CheckLevel(target, nameof(targets));
                }
            }
            return row;
        }, StringComparer.Ordinal);
        Id = id;
        Version = version;
        Name = name;
        AlertLevels = alertLevels.ToArray();
        Responsibilities = responsibilities ?? ResponsibilityMatrix.Default;
        BaselineLevel = baselineLevel;
        Description = description;
        Rationale = rationale ?? new Dictionary<ProcessAreaId, LocalizedText>();
        AlertLevelNames = alertLevelNames ?? new Dictionary<string, LocalizedText>();
    }

    public string Id { get; }
    public int Version { get; }

    /// <summary>
    /// Set on a procurement's own version of the profile (its project manager adjusted some targets, see
    /// <see cref="ProcurementTargets"/>): that procurement's id. Null for a profile shipped with the product or made by
    /// an administrator. Such a version keeps the <see cref="Id"/> and <see cref="Version"/> it was made from.
    /// </summary>
    public string? ProcurementId { get; init; }

    /// <summary>
    /// The version as users read it: "2" for a shipped or administrator's profile; "2+procurement.{procurementId}" for a
    /// procurement's own version of version 2 (semantic-versioning build metadata: the same version, this procurement's targets).
    /// </summary>
    public string VersionLabel => ProcurementId is null
        ? Version.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : ProcurementTargets.VersionLabel(Version, ProcurementId);
    public LocalizedText Name { get; }
    public LocalizedText? Description { get; }

    /// <summary>Alert levels, from the calmest to the most severe.</summary>
    public IReadOnlyList<string> AlertLevels { get; }

    public ResponsibilityMatrix Responsibilities { get; }

    /// <summary>The level of the uniform baseline that reports compare the adaptive profile with (default 3).</summary>
    public int BaselineLevel { get; }

    /// <summary>Why each process area has its targets (one line per PA).</summary>
    public IReadOnlyDictionary<ProcessAreaId, LocalizedText> Rationale { get; }

    public IReadOnlyDictionary<string, LocalizedText> AlertLevelNames { get; }

    /// <summary>
    /// What users read for an alert level: its name in <see cref="AlertLevelNames"/>, else the level itself
    /// ("high"); a name without English reads as the level in English.
    /// </summary>
    public LocalizedText AlertLevelName(string alertLevel) =>
        AlertLevelNames.TryGetValue(alertLevel, out var name)
            ? name.En.Length > 0 ? name : name with { En = alertLevel }
            : new LocalizedText(alertLevel, alertLevel);

    public bool HasAlertLevel(string alertLevel) => _targets.ContainsKey(alertLevel);

    public int Target(string alertLevel, ProcessAreaId processArea) => TargetsOf(alertLevel)[processArea.Index];

    /// <summary>Targets of one alert level, indexed by process area (PA01 first).</summary>
    public IReadOnlyList<int> Targets(string alertLevel) => TargetsOf(alertLevel);

    /// <summary>How many cells the alert level requires (all CFs of levels 1..target, summed over the PAs).</summary>
    public int RequiredCells(string alertLevel) =>
        TargetsOf(alertLevel).Sum(target => CommonFeature.UpToLevel(target).Count());

    /// <summary>"Every PA at one level": the baseline that shows what the adaptive profile saves.</summary>
    public static ConfidenceProfile Uniform(int level, ResponsibilityMatrix? responsibilities = null)
    {
        CheckLevel(level, nameof(level));
        var alertLevel = $"uniform-{level}";
        return new ConfidenceProfile(
            $"uniform-level-{level}", 1, new LocalizedText($"Uniform level {level}", $"Niveau {level} uniforme"),
            [alertLevel],
            new Dictionary<string, IReadOnlyDictionary<ProcessAreaId, int>>
            {
                [alertLevel] = ProcessAreaId.All.ToDictionary(pa => pa, _ => level),
            },
            responsibilities, level);
    }

    /// <summary>The same profile with one target changed (admin edits, what-if).</summary>
    public ConfidenceProfile WithTarget(string alertLevel, ProcessAreaId processArea, int level)
    {
        CheckLevel(level, nameof(level));
        var targets = AlertLevels.ToDictionary(
            al => al,
            al => (IReadOnlyDictionary<ProcessAreaId, int>)ProcessAreaId.All.ToDictionary(
                pa => pa, pa => al == alertLevel && pa == processArea ? level : Target(al, pa)));
        return new ConfidenceProfile(Id, Version, Name, AlertLevels, targets, Responsibilities, BaselineLevel,
            Description, Rationale, AlertLevelNames) { ProcurementId = ProcurementId };
    }

    private int[] TargetsOf(string alertLevel) =>
        _targets.TryGetValue(alertLevel, out var row)
            ? row
            : throw new ArgumentException($"'{alertLevel}' is not an alert level of profile '{Id}'.", nameof(alertLevel));

    private static int CheckLevel(int level, string name) =>
        level is >= 0 and <= CommonFeature.MaxLevel
            ? level
            : throw new ArgumentOutOfRangeException(name, level, "A capability level is from 0 to 5.");
}
