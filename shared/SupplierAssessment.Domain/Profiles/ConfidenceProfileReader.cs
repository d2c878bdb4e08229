using System.Text.Json;
using SupplierAssessment.Domain.Grid;

namespace SupplierAssessment.Domain.Profiles;

/// <summary>
/// Reads a confidence profile from JSON — the shipped profile files and the "profile" of <c>POST /api/gap</c> alike —
/// naming each bad field by its path (e.g. <c>profile.targets.high.PA23</c>).
/// </summary>
public static class ConfidenceProfileReader
{
    public static ConfidenceProfile? Read(JsonElement json, string path, IDictionary<string, string[]> errors)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors[path] = ["A profile is an object with alertLevels and targets."];
            return null;
        }
        var alertLevels = ReadAlertLevels(json, Join(path, "alertLevels"), errors);
        var targets = new Dictionary<string, IReadOnlyDictionary<ProcessAreaId, int>>(StringComparer.Ordinal);
        if (json.TryGetProperty("targets", out var targetsJson))
        {
            if (targetsJson.ValueKind != JsonValueKind.Object)
            {
                errors[Join(path, "targets")] = ["targets maps each alert level to its targets per process area."];
            }
            else
            {
                foreach (var variant in targetsJson.EnumerateObject())
                {
                    var variantPath = Join(path, "targets", variant.Name);
                    if (alertLevels is not null && !alertLevels.Contains(variant.Name))
                    {
                        errors[variantPath] = [$"'{variant.Name}' is not one of the profile's alertLevels ({string.Join(", ", alertLevels)})."];
                        continue;
                    }
                    targets[variant.Name] = ReadTargets(variant.Value, variantPath, errors);
                }
            }
        }
        var responsibilities = ReadResponsibilities(json, Join(path, "responsibilities"), errors);
        var baseline = ConfidenceProfile.DefaultBaselineLevel;
        if (json.TryGetProperty("baselineLevel", out var baselineJson) && !TryReadLevel(baselineJson, out baseline))
        {
            errors[Join(path, "baselineLevel")] = ["baselineLevel is a capability level from 0 to 5."];
        }
        if (alertLevels is null || errors.Keys.Any(k => k.StartsWith(path, StringComparison.Ordinal)))
        {
            return null;
        }
        var id = json.TryGetProperty("id", out var idJson) && idJson.ValueKind == JsonValueKind.String ? idJson.GetString()! : "custom";
        var version = json.TryGetProperty("version", out var versionJson) && versionJson.TryGetInt32(out var v) ? v : 1;
        return new ConfidenceProfile(
            id, version,
            Text(json, "name") ?? new LocalizedText(id, id),
            alertLevels, targets, responsibilities, baseline,
            Text(json, "description"),
            ReadRationale(json),
            ReadAlertLevelNames(json));
    }

    /// <summary>Reads a shipped or stored profile file; any problem is fatal and names its field.</summary>
    public static ConfidenceProfile Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new SortedDictionary<string, string[]>(StringComparer.Ordinal);
        var profile = Read(document.RootElement, "", errors);
        return profile ?? throw new InvalidDataException(
            "The profile is invalid: " + string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
    }

    private static List<string>? ReadAlertLevels(JsonElement json, string path, IDictionary<string, string[]> errors)
    {
        if (!json.TryGetProperty("alertLevels", out var levelsJson) || levelsJson.ValueKind != JsonValueKind.Array)
        {
            errors[path] = ["alertLevels is required: the ordered list of alert levels, e.g. [\"normal\", \"high\"]."];
            return null;
        }
        var levels = new List<string>();
        foreach (var (level, i) in levelsJson.EnumerateArray().Select((l, i) => (l, i)))
        {
            if (level.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(level.GetString()))
            {
                errors[$"{path}[{i}]"] = ["An alert level is a non-empty name."];
            }
            else if (levels.Contains(level.GetString()!))
            {
                errors[$"{path}[{i}]"] = [$"'{level.GetString()}' is listed twice."];
            }
            else
            {
                levels.Add(level.GetString()!);
            }
        }
        if (levels.Count == 0 && !errors.Keys.Any(k => k.StartsWith(path, StringComparison.Ordinal)))
        {
            errors[path] = ["A profile has at least one alert level."];
        }
        return levels;
    }

    private static Dictionary<ProcessAreaId, int> ReadTargets(JsonElement json, string path, IDictionary<string, string[]> errors)
    {
        var targets = new Dictionary<ProcessAreaId, int>();
        if (json.ValueKind != JsonValueKind.Object)
        {
            errors[path] = ["Targets map process area ids (PA01..PA22) to levels 0..5."];
            return targets;
        }
        foreach (var target in json.EnumerateObject())
        {
            var targetPath = Join(path, target.Name);
            if (!ProcessAreaId.TryParse(target.Name, out var processArea))
            {
                errors[targetPath] = [$"'{target.Name}' is not a process area id (PA01..PA22)."];
            }
            else if (!TryReadLevel(target.Value, out var level))
            {
                errors[targetPath] = [$"The target of {target.Name} must be a whole level from 0 to 5."];
            }
            else
            {
                targets[processArea] = level;
            }
        }
        return targets;
    }

    private static ResponsibilityMatrix ReadResponsibilities(JsonElement json, string path, IDictionary<string, string[]> errors)
    {
        if (!json.TryGetProperty("responsibilities", out var matrixJson) || matrixJson.ValueKind == JsonValueKind.Null)
        {
            return ResponsibilityMatrix.Default;
        }
        if (matrixJson.ValueKind != JsonValueKind.Object)
        {
            errors[path] = ["responsibilities maps process area ids to supplier, projectManager or expert."];
            return ResponsibilityMatrix.Default;
        }
        var overrides = new Dictionary<ProcessAreaId, Actor>();
        foreach (var entry in matrixJson.EnumerateObject())
        {
            var entryPath = Join(path, entry.Name);
            if (!ProcessAreaId.TryParse(entry.Name, out var processArea))
            {
                errors[entryPath] = [$"'{entry.Name}' is not a process area id (PA01..PA22)."];
            }
            else if (entry.Value.ValueKind != JsonValueKind.String || !Actors.TryParse(entry.Value.GetString(), out var actor))
            {
                errors[entryPath] = [$"The actor of {entry.Name} must be supplier, projectManager or expert."];
            }
            else
            {
                overrides[processArea] = actor;
            }
        }
        return ResponsibilityMatrix.Default.WithOverrides(overrides);
    }

    private static bool TryReadLevel(JsonElement json, out int level)
    {
        level = 0;
        return json.ValueKind == JsonValueKind.Number && json.TryGetInt32(out level) && level is >= 0 and <= CommonFeature.MaxLevel;
    }

    private static LocalizedText? Text(JsonElement json, string name) =>
        json.TryGetProperty(name, out var text) ? ToText(text) : null;

    private static LocalizedText? ToText(JsonElement text) => text.ValueKind switch
    {
        JsonValueKind.String => new LocalizedText(text.GetString()!, text.GetString()!),
        JsonValueKind.Object => new LocalizedText(
            text.TryGetProperty("en", out var en) ? en.GetString() ?? "" : "",
            text.TryGetProperty("fr", out var fr) ? fr.GetString() ?? "" : ""),
        _ => null,
    };

    private static Dictionary<ProcessAreaId, LocalizedText> ReadRationale(JsonElement json)
    {
        var rationale = new Dictionary<ProcessAreaId, LocalizedText>();
        if (json.TryGetProperty("rationale", out var rationaleJson) && rationaleJson.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in rationaleJson.EnumerateObject())
            {
                if (ProcessAreaId.TryParse(entry.Name, out var processArea) && ToText(entry.Value) is { } text)
                {
                    rationale[processArea] = text;
                }
            }
        }
        return rationale;
    }

    private static Dictionary<string, LocalizedText> ReadAlertLevelNames(JsonElement json)
    {
        var names = new Dictionary<string, LocalizedText>(StringComparer.Ordinal);
        if (json.TryGetProperty("alertLevelNames", out var namesJson) && namesJson.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in namesJson.EnumerateObject())
            {
                if (ToText(entry.Value) is { } text)
                {
                    names[entry.Name] = text;
                }
            }
        }
        return names;
    }

    private static string Join(string path, params string[] parts) =>
        string.Join('.', new[] { path }.Concat(parts).Where(p => p.Length > 0));
}
