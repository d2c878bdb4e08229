using System.Globalization;
using System.Text.Json;
using SupplierAssessment.Domain.Gap;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages.Review;

/// <summary>
/// "What if the targets were…": the verified ratings against a copy of the profile whose active-level targets were
/// edited (<c>?whatif=1&amp;PA01=2…</c>), computed here without script and by <c>POST /api/gap</c> with it.
/// </summary>
public sealed class WhatIf
{
    private WhatIf(string alertLevel, string[] values, Dictionary<string, string> errors, AlertLevelGap? now, AlertLevelGap? result, bool asked, string responsibilities)
    {
        AlertLevel = alertLevel;
        Values = values;
        Errors = errors;
        Now = now;
        Result = result;
        Asked = asked;
        ResponsibilitiesJson = responsibilities;
    }

    public string AlertLevel { get; }

    /// <summary>The target shown in each PA's field, PA01 first: as typed, else the profile's.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>PA id → why its typed target is refused (nothing is computed then).</summary>
    public IReadOnlyDictionary<string, string> Errors { get; }

    /// <summary>The gap with the profile's own targets.</summary>
    public AlertLevelGap? Now { get; }

    /// <summary>The gap with the targets as typed (the profile's when nothing was asked); null when a target is refused.</summary>
    public AlertLevelGap? Result { get; }

    /// <summary>The form was sent (<c>whatif=1</c>).</summary>
    public bool Asked { get; }

    /// <summary>The profile's responsibility overrides (<c>{"PA08":"expert"}</c>), which <c>POST /api/gap</c> needs too.</summary>
    public string ResponsibilitiesJson { get; }

    public static WhatIf From(IQueryCollection query, ConfidenceProfile profile, string alertLevel, RatingGrid? ratings, HttpContext http)
    {
        var asked = query["whatif"] == "1";
        var values = new string[ProcessAreaId.Count];
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        var edited = profile;
        foreach (var pa in ProcessAreaId.All)
        {
            var target = profile.Target(alertLevel, pa);
            var typed = asked ? query[pa.Id].ToString().Trim() : "";
            values[pa.Index] = typed.Length > 0 ? typed : target.ToString(CultureInfo.InvariantCulture);
            if (typed.Length == 0)
            {
                continue;
            }
            if (!int.TryParse(typed, NumberStyles.None, CultureInfo.InvariantCulture, out var level) || level > CommonFeature.MaxLevel)
            {
                errors[pa.Id] = http.T("A target is a capability level from 0 to 5.", "Une cible est un niveau de capacité de 0 à 5.");
            }
            else if (level != target)
            {
                edited = edited.WithTarget(alertLevel, pa, level);
            }
        }
        var now = ratings is null ? null : GapAnalysis.Compute(ratings, profile).Variant(alertLevel);
        var result = ratings is null || errors.Count > 0 ? null : GapAnalysis.Compute(ratings, edited).Variant(alertLevel);
        var responsibilities = JsonSerializer.Serialize(profile.Responsibilities.Overrides.ToDictionary(kv => kv.Key.Id, kv => kv.Value.ToId()));
        return new WhatIf(alertLevel, values, errors, now, result, asked, responsibilities);
    }
}
