using SupplierAssessment.Domain.Grid;

namespace SupplierAssessment.Domain.Profiles;

/// <summary>
/// What an administrator submits on the profile form, as typed and in the page's language: the profile's id and name,
/// a target per process area and alert level, and a one-line rationale per process area. The field names are the ones
/// <see cref="CustomProfiles"/> names its errors by: <c>id</c>, <c>name</c>, <c>targets.PA03.high</c>, <c>rationale.PA03</c>.
/// </summary>
public sealed record ProfileDraft
{
    public const string IdField = "id";
    public const string NameField = "name";

    public ProfileDraft(
        string? id, string? name, string language,
        IReadOnlyDictionary<(ProcessAreaId ProcessArea, string AlertLevel), string?> targets,
        IReadOnlyDictionary<ProcessAreaId, string?> rationale)
    {
        Id = id;
        Name = name;
        Language = language;
        Targets = targets;
        Rationale = rationale;
    }

    public string? Id { get; init; }
    public string? Name { get; init; }

    /// <summary>"en" or "fr": the language the name and rationales were shown and typed in.</summary>
    public string Language { get; }

    /// <summary>Each target as typed; a pair absent from the form is absent here.</summary>
    public IReadOnlyDictionary<(ProcessAreaId ProcessArea, string AlertLevel), string?> Targets { get; private init; }

    public IReadOnlyDictionary<ProcessAreaId, string?> Rationale { get; private init; }

    public static string TargetField(ProcessAreaId processArea, string alertLevel) => $"targets.{processArea.Id}.{alertLevel}";

    public static string RationaleField(ProcessAreaId processArea) => $"rationale.{processArea.Id}";

    public string? Target(ProcessAreaId processArea, string alertLevel) => Targets.GetValueOrDefault((processArea, alertLevel));

    public string? RationaleOf(ProcessAreaId processArea) => Rationale.GetValueOrDefault(processArea);

    /// <summary>The form as it opens: <paramref name="profile"/>'s targets and rationales, in <paramref name="language"/>.</summary>
    public static ProfileDraft Of(ConfidenceProfile profile, string language, string? id, string? name) => new(
        id, name, language,
        profile.AlertLevels.SelectMany(level => ProcessAreaId.All.Select(pa => KeyValuePair.Create(
            (pa, level), (string?)profile.Target(level, pa).ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .ToDictionary(),
        ProcessAreaId.All.ToDictionary(pa => pa, pa => profile.Rationale.TryGetValue(pa, out var why) ? why.In(language) : null));

    public ProfileDraft WithTarget(ProcessAreaId processArea, string alertLevel, string? typed) =>
        this with { Targets = new Dictionary<(ProcessAreaId, string), string?>(Targets) { [(processArea, alertLevel)] = typed } };

    public ProfileDraft WithoutTarget(ProcessAreaId processArea, string alertLevel)
    {
        var targets = new Dictionary<(ProcessAreaId, string), string?>(Targets);
        targets.Remove((processArea, alertLevel));
        return this with { Targets = targets };
    }

    public ProfileDraft WithRationale(ProcessAreaId processArea, string? typed) =>
        this with { Rationale = new Dictionary<ProcessAreaId, string?>(Rationale) { [processArea] = typed } };
}
