using System.Text.Json;
using Azure.Data.Tables;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;

namespace SupplierAssessment.Adapters.Storage;

/// <summary>
/// The targets set for a procurement, on its row as <c>TargetsJson</c>: a JSON array of
/// <c>{ "processArea": "PA08", "alertLevel": "high", "profileTarget": 4, "target": 5, "reason": "…" }</c> in process-area
/// order. Absent when there are none (rows written before issue 10 read as none).
/// </summary>
internal static class TargetAdjustmentsColumn
{
    public const string Name = "TargetsJson";

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static void Write(TableEntity row, IReadOnlyList<AdjustedTarget> adjustments)
    {
        if (adjustments.Count > 0)
        {
            row[Name] = JsonSerializer.Serialize(
                adjustments.Select(a => new Item(a.ProcessArea.Id, a.AlertLevel, a.ProfileTarget, a.Target, a.Reason)), Options);
        }
    }

    /// <exception cref="JsonException">The column holds something else than adjusted targets.</exception>
    public static IReadOnlyList<AdjustedTarget> Read(TableEntity row) =>
        row.GetString(Name) is not { } json
            ? []
            : [.. (JsonSerializer.Deserialize<Item[]>(json, Options) ?? []).Select(i => new AdjustedTarget(
                ProcessAreaId.TryParse(i.ProcessArea, out var pa) ? pa : throw new JsonException($"'{i.ProcessArea}' is not a process area."),
                i.AlertLevel, i.ProfileTarget, i.Target, i.Reason))];

    private sealed record Item(string ProcessArea, string AlertLevel, int ProfileTarget, int Target, string Reason);
}
