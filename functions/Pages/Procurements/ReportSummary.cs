using System.Text.Json;

namespace SupplierAssessment.Functions.Pages.Procurements;

public sealed record AlertLevelPoints(string AlertLevel, int MissingPoints, int ExceedingPoints);

/// <summary>
/// The figures a reader needs before the report itself, read from a stored report version's JSON
/// (<c>verified</c>, <c>activeAlertLevel</c>, <c>gap.variants[]</c>, <c>actionPlan.totals</c>, <c>baseline</c>).
/// Missing fields read as absent: an older report still shows what it holds.
/// </summary>
public sealed record ReportSummary(
    bool Verified, string? ActiveAlertLevel, IReadOnlyList<AlertLevelPoints> Variants, IReadOnlyDictionary<string, int> ActionTotals,
    int? BaselineLevel, int? UniformMissingPoints, int? SavedPoints)
{
    public AlertLevelPoints? Active => Variants.FirstOrDefault(v => v.AlertLevel == ActiveAlertLevel);

    public static ReportSummary Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var variants = new List<AlertLevelPoints>();
        if (Property(root, "gap") is { } gap && Property(gap, "variants") is { ValueKind: JsonValueKind.Array } list)
        {
            foreach (var variant in list.EnumerateArray())
            {
                if (Text(variant, "alertLevel") is { } level && Number(variant, "missingPoints") is { } missing)
                {
                    variants.Add(new AlertLevelPoints(level, missing, Number(variant, "exceedingPoints") ?? 0));
                }
            }
        }
        var totals = new Dictionary<string, int>(StringComparer.Ordinal);
        if (Property(root, "actionPlan") is { } plan && Property(plan, "totals") is { ValueKind: JsonValueKind.Object } byActor)
        {
            foreach (var actor in byActor.EnumerateObject())
            {
                if (actor.Value.ValueKind == JsonValueKind.Number && actor.Value.TryGetInt32(out var points))
                {
                    totals[actor.Name] = points;
                }
            }
        }
        var baseline = Property(root, "baseline");
        return new ReportSummary(
            Property(root, "verified") is { ValueKind: JsonValueKind.True },
            Text(root, "activeAlertLevel"),
            variants,
            totals,
            baseline is { } b ? Number(b, "level") : null,
            baseline is { } u ? Number(u, "uniformMissingPoints") : null,
            baseline is { } s ? Number(s, "savedPoints") : null);
    }

    private static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    private static string? Text(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static int? Number(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var number) ? number : null;
}
