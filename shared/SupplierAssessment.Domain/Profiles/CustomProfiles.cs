using System.Globalization;
using System.Text.RegularExpressions;
using SupplierAssessment.Domain.Grid;

namespace SupplierAssessment.Domain.Profiles;

/// <summary>A target that falls as the alert rises: <paramref name="HigherTarget"/> at <paramref name="HigherLevel"/> is below <paramref name="LowerTarget"/> at the lower <paramref name="LowerLevel"/>.</summary>
public sealed record FallingTarget(ProcessAreaId ProcessArea, string LowerLevel, int LowerTarget, string HigherLevel, int HigherTarget);

/// <summary>The outcome of the profile form: the profile to save, or the errors by field and nothing to save.</summary>
public sealed record ProfileDerivation(ConfidenceProfile? Profile, IReadOnlyDictionary<string, LocalizedText> Errors)
{
    public bool Succeeded => Profile is not null;
}

/// <summary>
/// Profiles an administrator makes from an existing one (shipped or custom), with edited targets per alert level and
/// rationales. A new profile gets an id of its own and version 1; editing a custom profile makes its next version under
/// the same id. A saved version never changes, so the procurements that pinned it keep measuring against it.
/// The alert levels, responsibility matrix, uniform baseline and description are those of the profile it comes from.
/// </summary>
public static partial class CustomProfiles
{
    public const int MaxNameLength = 100;
    public const int MaxRationaleLength = 300;

    /// <summary>3 to 60 characters: lower-case letters, digits and hyphens.</summary>
    public static bool IsValidId(string? id) => id is not null && IdPattern().IsMatch(id);

    public static bool IsShipped(string id) => ShippedData.Profiles.Any(p => p.Id == id);

    /// <summary>
    /// A new profile, version 1, from <paramref name="source"/>: the draft's id and name, targets and rationales.
    /// The id may be neither a shipped profile's nor one of <paramref name="customIds"/> (the custom profiles saved so far).
    /// </summary>
    public static ProfileDerivation Derive(ConfidenceProfile source, ProfileDraft draft, IEnumerable<string> customIds)
    {
        var errors = new Dictionary<string, LocalizedText>(StringComparer.Ordinal);
        var id = draft.Id?.Trim() ?? "";
        if (!IsValidId(id))
        {
            errors[ProfileDraft.IdField] = new(
                "Give an id of 3 to 60 characters: lower-case letters, digits and hyphens (e.g. web-hosting-strict).",
                "Donnez un identifiant de 3 à 60 caractères : lettres minuscules, chiffres et tirets (par ex. web-hosting-strict).");
        }
        else if (IsShipped(id))
        {
            errors[ProfileDraft.IdField] = new(
                $"'{id}' is the id of a profile shipped with the product: choose another id.",
                $"« {id} » est l'identifiant d'un profil livré avec le produit : choisissez un autre identifiant.");
        }
        else if (customIds.Contains(id, StringComparer.Ordinal))
        {
            errors[ProfileDraft.IdField] = new(
                $"A custom profile '{id}' already exists: edit it to save its next version, or choose another id.",
                $"Un profil personnalisé « {id} » existe déjà : modifiez-le pour en enregistrer la version suivante, ou choisissez un autre identifiant.");
        }
        return Build(source, draft, id, 1, errors);
    }

    /// <summary>The next version of a custom profile, from its newest version <paramref name="latest"/>: same id, version + 1.</summary>
    public static ProfileDerivation NextVersion(ConfidenceProfile latest, ProfileDraft draft)
    {
        if (IsShipped(latest.Id))
        {
            throw new ArgumentException($"'{latest.Id}' is shipped with the product: create a profile from it instead of editing it.", nameof(latest));
        }
        return Build(latest, draft, latest.Id, latest.Version + 1, new Dictionary<string, LocalizedText>(StringComparer.Ordinal));
    }

    private static ProfileDerivation Build(ConfidenceProfile source, ProfileDraft draft, string id, int version, Dictionary<string, LocalizedText> errors)
    {
        var name = draft.Name?.Trim() ?? "";
        if (name.Length is 0 or > MaxNameLength)
        {
            errors[ProfileDraft.NameField] = new(
                $"Give the profile a name of 1 to {MaxNameLength} characters.",
                $"Donnez au profil un nom de 1 à {MaxNameLength} caractères.");
        }
        else if (!Names.IsShowable(name))
        {
            errors[ProfileDraft.NameField] = Names.HiddenCharacters;
        }
        var targets = source.AlertLevels.ToDictionary(level => level, _ => new Dictionary<ProcessAreaId, int>(), StringComparer.Ordinal);
        foreach (var pa in ProcessAreaId.All)
        {
            foreach (var level in source.AlertLevels)
            {
                if (TryReadTarget(draft.Target(pa, level), out var target))
                {
                    targets[level][pa] = target;
                }
                else
                {
                    var levelName = source.AlertLevelName(level);
                    errors[ProfileDraft.TargetField(pa, level)] = new(
                        $"The target of {pa.Id} at {levelName.In("en")} is a whole level from 0 to 5.",
                        $"La cible de {pa.Id} au niveau {levelName.In("fr")} est un niveau entier de 0 à 5.");
                }
            }
        }
        var rationale = new Dictionary<ProcessAreaId, LocalizedText>();
        foreach (var pa in ProcessAreaId.All)
        {
            var why = draft.RationaleOf(pa)?.Trim() ?? "";
            if (why.Length is 0 or > MaxRationaleLength || !Names.IsShowable(why))
            {
                errors[ProfileDraft.RationaleField(pa)] = new(
                    $"Say in one line of at most {MaxRationaleLength} characters why {pa.Id} has these targets.",
                    $"Dites en une ligne d'au plus {MaxRationaleLength} caractères pourquoi {pa.Id} a ces cibles.");
            }
            else
            {
                rationale[pa] = Kept(source.Rationale.GetValueOrDefault(pa), why, draft.Language);
            }
        }
        if (errors.Count > 0)
        {
            return new ProfileDerivation(null, errors);
        }
        var profile = new ConfidenceProfile(
            id, version, Kept(source.Name, name, draft.Language), source.AlertLevels,
            targets.ToDictionary(t => t.Key, t => (IReadOnlyDictionary<ProcessAreaId, int>)t.Value, StringComparer.Ordinal),
            source.Responsibilities, source.BaselineLevel, source.Description, rationale, source.AlertLevelNames);
        return new ProfileDerivation(profile, errors);
    }

    /// <summary>
    /// The process areas whose target falls as the alert rises: a level's target below the highest target of a lower
    /// alert level (e.g. normal 3, high 1). The paper's adaptive profile asks more as the alert rises, so such targets
    /// are most likely a slip; the profile form saves them only once the administrator confirms (issue 12).
    /// One entry per process area, for the first alert level where its target falls, in process-area order.
    /// </summary>
    public static IReadOnlyList<FallingTarget> FallingTargets(ConfidenceProfile profile)
    {
        var falling = new List<FallingTarget>();
        foreach (var pa in ProcessAreaId.All)
        {
            var (highestLevel, highest) = (profile.AlertLevels[0], profile.Target(profile.AlertLevels[0], pa));
            foreach (var level in profile.AlertLevels.Skip(1))
            {
                var target = profile.Target(level, pa);
                if (target < highest)
                {
                    falling.Add(new FallingTarget(pa, highestLevel, highest, level, target));
                    break;
                }
                (highestLevel, highest) = (level, target);
            }
        }
        return falling;
    }

    /// <summary>A whole number from 0 to 5, spaces around allowed; "7", "2.5", "-1", "two" and nothing are not targets.</summary>
    private static bool TryReadTarget(string? typed, out int target) =>
        int.TryParse(typed?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out target)
        && target is >= 0 and <= CommonFeature.MaxLevel;

    /// <summary>
    /// The text shown on the form, in both languages, when the administrator left it as it was; else what they typed,
    /// for both languages (the form edits one language at a time, and a stale translation would say something else).
    /// </summary>
    private static LocalizedText Kept(LocalizedText? shown, string typed, string language) =>
        shown is not null && shown.In(language) == typed ? shown : new LocalizedText(typed, typed);

    [GeneratedRegex(@"^[a-z0-9-]{3,60}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
