using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages.Admin;

/// <summary>
/// The profile form the administrator fills to make a profile from an existing one (<see cref="NewProfileModel"/>) or the
/// next version of a custom one (<see cref="EditProfileModel"/>): name, id, a target per process area and alert level,
/// a rationale per process area. Bad input shows the form again with a message next to each field and saves nothing;
/// a saved profile opens the admin page, which lists it.
/// </summary>
public abstract class ProfileFormModel(ProfileStore profiles, TimeProvider time) : PageModel
{
    /// <summary>The error of the form as a whole: the version was saved by someone else meanwhile.</summary>
    public const string VersionField = "version";

    protected ProfileStore Store { get; } = profiles;

    public string Language { get; private set; } = "en";

    /// <summary>The profile the form starts from; null when it does not exist (the page says so, with a 404).</summary>
    public ConfidenceProfile? Source { get; protected set; }

    public ProfileDraft Draft { get; protected set; } = null!;

    public IReadOnlyDictionary<string, LocalizedText> Errors { get; private set; } = new Dictionary<string, LocalizedText>();

    /// <summary>True when saving makes the next version of <see cref="Source"/> (same id); false for a new profile.</summary>
    public abstract bool SavesNextVersion { get; }

    /// <summary>When editing: the version the form started from, sent back with it.</summary>
    public int? BaseVersion { get; protected set; }

    /// <summary>The version the form saves.</summary>
    public int VersionToSave => SavesNextVersion ? Source!.Version + 1 : 1;

    public string T(string en, string fr) => HttpContext.T(en, fr);

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var error) ? error.In(Language) : null;

    public string PaName(ProcessAreaId pa) => ShippedData.Catalog[pa].Name.In(Language);

    public string AlertLevelName(string level) => PageTexts.AlertLevel(HttpContext, Source!, level);

    public static string TargetInputId(ProcessAreaId pa, int levelIndex) => $"target-{pa.Id}-{levelIndex}";

    public static string RationaleInputId(ProcessAreaId pa) => $"rationale-{pa.Id}";

    /// <summary>The errors in the order of the form, each with the id of its field (null for the form as a whole).</summary>
    public IEnumerable<(string? InputId, string Message)> ErrorsInFormOrder()
    {
        var fields = new List<(string Field, string? InputId)> { (VersionField, null), (ProfileDraft.NameField, "name"), (ProfileDraft.IdField, "id") };
        foreach (var pa in ProcessAreaId.All)
        {
            fields.AddRange(Source!.AlertLevels.Select((level, i) => (ProfileDraft.TargetField(pa, level), (string?)TargetInputId(pa, i))));
            fields.Add((ProfileDraft.RationaleField(pa), RationaleInputId(pa)));
        }
        return fields.Where(f => Errors.ContainsKey(f.Field)).Select(f => (f.InputId, Errors[f.Field].In(Language)));
    }

    protected void StartPage() => Language = PageLanguage.Of(HttpContext);

    /// <summary>The draft as posted: every field the form shows for <see cref="Source"/>, as typed.</summary>
    protected ProfileDraft PostedDraft(string? id)
    {
        var form = Request.Form;
        string? Field(string name) => form.TryGetValue(name, out var value) ? value.ToString() : null;
        var targets = new Dictionary<(ProcessAreaId, string), string?>();
        foreach (var pa in ProcessAreaId.All)
        {
            foreach (var level in Source!.AlertLevels)
            {
                if (Field(ProfileDraft.TargetField(pa, level)) is { } typed)
                {
                    targets[(pa, level)] = typed;
                }
            }
        }
        return new ProfileDraft(id, Field(ProfileDraft.NameField), Language, targets,
            ProcessAreaId.All.ToDictionary(pa => pa, pa => Field(ProfileDraft.RationaleField(pa))));
    }

    /// <summary>Saves a valid derivation and opens the admin page on it; otherwise shows the form with its errors.</summary>
    protected async Task<IActionResult> SaveAsync(ProfileDerivation derivation, CancellationToken ct)
    {
        if (derivation.Profile is not { } profile)
        {
            Errors = derivation.Errors;
            return Page();
        }
        try
        {
            await Store.AddAsync(profile, User.UserId(), time.GetUtcNow(), ct);
        }
        catch (ProfileVersionExistsException)
        {
            Errors = new Dictionary<string, LocalizedText>
            {
                [SavesNextVersion ? VersionField : ProfileDraft.IdField] = SavesNextVersion
                    ? VersionTaken(profile.Version)
                    : new LocalizedText(
                        $"A custom profile '{profile.Id}' already exists: edit it to save its next version, or choose another id.",
                        $"Un profil personnalisé « {profile.Id} » existe déjà : modifiez-le pour en enregistrer la version suivante, ou choisissez un autre identifiant."),
            };
            return Page();
        }
        return LocalRedirect($"/admin?saved={Uri.EscapeDataString(profile.Id)}&version={profile.Version}#profile-{AdminModel.Anchor(profile.Id, profile.Version)}");
    }

    protected void ShowError(string field, LocalizedText message) => Errors = new Dictionary<string, LocalizedText> { [field] = message };

    protected static LocalizedText VersionTaken(int version) => new(
        $"Version {version} of this profile was saved by someone else while you were editing, so nothing is saved. Open the edit form again to start from the newest version.",
        $"La version {version} de ce profil a été enregistrée par quelqu'un d'autre pendant votre modification : rien n'est enregistré. Rouvrez le formulaire de modification pour partir de la version la plus récente.");

    /// <summary>The page says the profile does not exist, with a 404.</summary>
    protected IActionResult ProfileNotFound()
    {
        Source = null;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
