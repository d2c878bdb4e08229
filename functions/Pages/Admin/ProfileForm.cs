using Microsoft.AspNetCore.Mvc;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages.Admin;

/// <summary>
/// The profile form the administrator fills to make a profile from an existing one (<see cref="NewProfilePages"/>) or the
/// next version of a custom one (<see cref="EditProfilePages"/>): name, id, a target per process area and alert level,
/// a rationale per process area. Bad input shows the form again with a message next to each field and saves nothing;
/// targets that fall as the alert rises are shown back as a warning, saved only once the administrator ticks the
/// confirmation; a saved profile opens the admin page, which lists it.
/// </summary>
/// <param name="Language">The page's language, which the name and rationales are shown and typed in.</param>
/// <param name="SavesNextVersion">True when saving makes the next version of <see cref="Source"/> (same id); false for a new profile.</param>
/// <param name="Source">The profile the form starts from.</param>
/// <param name="Draft">The form's fields: as the source has them when it opens, as typed when it comes back.</param>
public sealed record ProfileFormModel(string Language, bool SavesNextVersion, ConfidenceProfile Source, ProfileDraft Draft)
{
    /// <summary>The error of the form as a whole: the version was saved by someone else meanwhile.</summary>
    public const string VersionField = "version";

    /// <summary>When editing, the form sends back the version it started from.</summary>
    public const string BaseVersionField = "baseVersion";

    /// <summary>When editing: the version the form started from, sent back with it.</summary>
    public int? BaseVersion { get; init; }

    public IReadOnlyDictionary<string, LocalizedText> Errors { get; init; } = new Dictionary<string, LocalizedText>();

    /// <summary>The confirmation box that lets targets falling as the alert rises be saved (<see cref="CustomProfiles.FallingTargets"/>).</summary>
    public const string ConfirmFallingField = "confirmFalling";

    /// <summary>Targets that fall as the alert rises, shown as a warning the administrator must confirm before they are saved.</summary>
    public IReadOnlyList<FallingTarget> Falling { get; init; } = [];

    /// <summary>The warning of one falling target, naming the process area, both alert levels and both targets.</summary>
    public string FallingMessage(FallingTarget f) => Language == "fr"
        ? $"{f.ProcessArea.Id} : la cible baisse de {f.LowerTarget} ({AlertLevelName(f.LowerLevel)}) à {f.HigherTarget} ({AlertLevelName(f.HigherLevel)}) quand l'alerte monte."
        : $"{f.ProcessArea.Id}: the target falls from {f.LowerTarget} ({AlertLevelName(f.LowerLevel)}) to {f.HigherTarget} ({AlertLevelName(f.HigherLevel)}) as the alert rises.";

    /// <summary>The version the form saves.</summary>
    public int VersionToSave => SavesNextVersion ? Source.Version + 1 : 1;

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var error) ? error.In(Language) : null;

    public string PaName(ProcessAreaId pa) => ShippedData.Catalog[pa].Name.In(Language);

    /// <summary>The alert level's name, as <see cref="PageTexts.AlertLevel"/> gives it.</summary>
    public string AlertLevelName(string level) => Source.AlertLevelName(level).In(Language);

    public static string TargetInputId(ProcessAreaId pa, int levelIndex) => $"target-{pa.Id}-{levelIndex}";

    public static string RationaleInputId(ProcessAreaId pa) => $"rationale-{pa.Id}";

    /// <summary>The errors in the order of the form, each with the id of its field (null for the form as a whole).</summary>
    public IEnumerable<(string? InputId, string Message)> ErrorsInFormOrder()
    {
        var fields = new List<(string Field, string? InputId)> { (VersionField, null), (ProfileDraft.NameField, "name"), (ProfileDraft.IdField, "id") };
        foreach (var pa in ProcessAreaId.All)
        {
            fields.AddRange(Source.AlertLevels.Select((level, i) => (ProfileDraft.TargetField(pa, level), (string?)TargetInputId(pa, i))));
            fields.Add((ProfileDraft.RationaleField(pa), RationaleInputId(pa)));
        }
        return fields.Where(f => Errors.ContainsKey(f.Field)).Select(f => (f.InputId, Errors[f.Field].In(Language)));
    }
}

/// <summary>What the two profile pages do alike: read the posted form, save a valid profile, say what went wrong.</summary>
internal static class ProfileForm
{
    /// <summary>The draft as posted: every field the form shows for <paramref name="source"/>, as typed.</summary>
    public static ProfileDraft Posted(IFormCollection form, ConfidenceProfile source, string language, string? id)
    {
        string? Field(string name) => form.TryGetValue(name, out var value) ? value.ToString() : null;
        var targets = new Dictionary<(ProcessAreaId, string), string?>();
        foreach (var pa in ProcessAreaId.All)
        {
            foreach (var level in source.AlertLevels)
            {
                if (Field(ProfileDraft.TargetField(pa, level)) is { } typed)
                {
                    targets[(pa, level)] = typed;
                }
            }
        }
        return new ProfileDraft(id, Field(ProfileDraft.NameField), language, targets,
            ProcessAreaId.All.ToDictionary(pa => pa, pa => Field(ProfileDraft.RationaleField(pa))));
    }

    /// <summary>Saves a valid derivation and opens the admin page on it; otherwise shows the form (<paramref name="view"/>) with its errors.</summary>
    public static async Task<IActionResult> SaveAsync(HttpContext http, string view, ProfileFormModel form, ProfileDerivation derivation,
        ProfileStore store, TimeProvider time, CancellationToken ct)
    {
        if (derivation.Profile is not { } profile)
        {
            return PageView.Of(http, view, form with { Errors = derivation.Errors }, StatusCodes.Status400BadRequest);
        }
        var falling = CustomProfiles.FallingTargets(profile);
        if (falling.Count > 0 && !(http.Request.HasFormContentType && http.Request.Form[ProfileFormModel.ConfirmFallingField] == "true"))
        {
            // Targets that fall as the alert rises are most likely a slip: shown back, as typed, until confirmed.
            return PageView.Of(http, view, form with { Falling = falling }, StatusCodes.Status400BadRequest);
        }
        try
        {
            await store.AddAsync(profile, http.User.UserId(), time.GetUtcNow(), ct);
        }
        catch (EntityTooLargeException e)
        {
            return ShowError(http, view, form, ProfileFormModel.VersionField, new LocalizedText(e.Message, e.Message));
        }
        catch (ProfileVersionExistsException)
        {
            var error = form.SavesNextVersion
                ? (ProfileFormModel.VersionField, VersionTaken(profile.Version))
                : (ProfileDraft.IdField, new LocalizedText(
                    $"A custom profile '{profile.Id}' already exists: edit it to save its next version, or choose another id.",
                    $"Un profil personnalisé « {profile.Id} » existe déjà : modifiez-le pour en enregistrer la version suivante, ou choisissez un autre identifiant."));
            return ShowError(http, view, form, error.Item1, error.Item2);
        }
        return new LocalRedirectResult($"/manage?saved={Uri.EscapeDataString(profile.Id)}&version={profile.Version}#profile-{AdminModel.Anchor(profile.Id, profile.Version)}");
    }

    /// <summary>
    /// The form had expired (<see cref="FormCheck.Expired"/>): shown again with what was typed and a fresh token, and
    /// nothing saved (400).
    /// </summary>
    public static ViewResult Expired(HttpContext http, string view, ProfileFormModel form) =>
        PageView.Of(http, view, form with
        {
            Errors = new Dictionary<string, LocalizedText>
            {
                [ProfileFormModel.VersionField] = new("This form had expired, so nothing was saved. What you typed is kept below: send it again.",
                    "Ce formulaire avait expiré : rien n'a été enregistré. Ce que vous avez saisi est gardé ci-dessous : renvoyez-le."),
            },
        }, StatusCodes.Status400BadRequest);

    /// <summary>The form again with one error: nothing was saved because of what is stored meanwhile (409).</summary>
    public static ViewResult ShowError(HttpContext http, string view, ProfileFormModel form, string field, LocalizedText message) =>
        PageView.Of(http, view, form with { Errors = new Dictionary<string, LocalizedText> { [field] = message } }, StatusCodes.Status409Conflict);

    public static LocalizedText VersionTaken(int version) => new(
        $"Version {version} of this profile was saved by someone else while you were editing, so nothing is saved. Open the edit form again to start from the newest version.",
        $"La version {version} de ce profil a été enregistrée par quelqu'un d'autre pendant votre modification : rien n'est enregistré. Rouvrez le formulaire de modification pour partir de la version la plus récente.");

    /// <summary>The profile to start from does not exist: the 404 page, pointing to the administration page.</summary>
    public static ViewResult NotFound(HttpContext http) => ErrorPages.NotFound(http, http.T(
        "There is no such profile. Choose the profile to start from on the administration page.",
        "Ce profil n'existe pas. Choisissez le profil de départ sur la page d'administration."), http.T("Profile not found", "Profil introuvable"));
}
