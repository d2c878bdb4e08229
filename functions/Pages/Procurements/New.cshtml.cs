using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Functions.Api;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages.Procurements;

/// <summary>
/// Creating a procurement: name, where reports go, the target confidence profile, its active alert level and the
/// uniform baseline. Same rules and wording as <c>POST /api/procurements</c>; a success opens the procurement.
/// </summary>
[Authorize(Roles.ProjectManager)]
public sealed class NewProcurementModel(ProcurementStore procurements, ProfileStore profiles, AuditTrail audit, TimeProvider time) : PageModel
{
    public const string DefaultProfileId = "government-web-hosting";

    /// <summary>
    /// The newest version of each profile (the one the API picks): the default one first, the other shipped ones, then
    /// those an administrator made.
    /// </summary>
    public IReadOnlyList<ConfidenceProfile> Profiles { get; private set; } = [];

    public static bool IsCustom(ConfidenceProfile profile) => !ShippedData.Profiles.Contains(profile);

    [BindProperty(Name = "name")]
    public string? Name { get; set; }

    [BindProperty(Name = "projectManagerEmail")]
    public string? ProjectManagerEmail { get; set; }

    [BindProperty(Name = "profileId")]
    public string? ProfileId { get; set; }

    [BindProperty(Name = "activeAlertLevel")]
    public string? ActiveAlertLevel { get; set; }

    /// <summary>Kept as typed so that "seven" is answered with the rule, not lost.</summary>
    [BindProperty(Name = "baselineLevel")]
    public string? BaselineLevel { get; set; }

    /// <summary>Messages by field, named as in the API (name, projectManagerEmail, profileId, activeAlertLevel, baselineLevel).</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string? ErrorFor(string field) => Errors.GetValueOrDefault(field);

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadProfilesAsync(ct);
        var userId = User.UserId();
        ProjectManagerEmail = ProcurementsApi.IsEmail(userId) ? userId : "";
        var profile = Profiles[0];
        ProfileId = profile.Id;
        ActiveAlertLevel = profile.AlertLevels[0];
        BaselineLevel = profile.BaselineLevel.ToString(CultureInfo.InvariantCulture);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadProfilesAsync(ct);
        var name = Name?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            Errors["name"] = HttpContext.T("Give the procurement a name of 1 to 200 characters.", "Donnez à la consultation un nom de 1 à 200 caractères.");
        }
        var profileId = ProfileId ?? DefaultProfileId;
        var profile = Profiles.FirstOrDefault(p => p.Id == profileId);
        var available = string.Join(", ", Profiles.Select(p => p.Id));
        if (profile is null)
        {
            Errors["profileId"] = HttpContext.T($"Unknown profile '{profileId}'. Available: {available}.", $"Profil « {profileId} » inconnu. Disponibles : {available}.");
        }
        else if (ActiveAlertLevel is { } level && !profile.HasAlertLevel(level))
        {
            var levels = string.Join(", ", profile.AlertLevels);
            Errors["activeAlertLevel"] = HttpContext.T($"'{level}' is not an alert level of {profile.Id} ({levels}).",
                $"« {level} » n'est pas un niveau d'alerte de {profile.Id} ({levels}).");
        }
        int? baseline = null;
        if (BaselineLevel is { } typed)
        {
            if (int.TryParse(typed.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 0 and <= 5)
            {
                baseline = parsed;
            }
            else
            {
                Errors["baselineLevel"] = HttpContext.T("The uniform baseline is a capability level from 0 to 5.", "La référence uniforme est un niveau de capacité de 0 à 5.");
            }
        }
        var email = ProjectManagerEmail?.Trim() ?? User.UserId();
        if (!ProcurementsApi.IsEmail(email))
        {
            Errors["projectManagerEmail"] = HttpContext.T("Give the email address where reports should go.", "Indiquez l'adresse électronique où envoyer les rapports.");
        }
        if (Errors.Count > 0)
        {
            return Page();
        }
        var procurement = Procurement.Create(Ids.New(), User.UserId(), name, email, profile!, ActiveAlertLevel, baseline, time.GetUtcNow());
        await procurements.AddAsync(procurement, ct);
        await audit.RecordAsync(procurement.Id, User.UserId(), "procurement created", details: $"profile {profile!.Id} v{profile.Version}", cancellationToken: ct);
        return LocalRedirect("/procurements/" + Uri.EscapeDataString(procurement.Id));
    }

    private async Task LoadProfilesAsync(CancellationToken ct)
    {
        var custom = (await profiles.ListAsync(ct)).Select(p => p.Profile);
        Profiles = [.. ShippedData.Profiles.Concat(custom)
            .GroupBy(p => p.Id).Select(g => g.MaxBy(p => p.Version)!)
            .OrderBy(p => p.Id != DefaultProfileId).ThenBy(IsCustom).ThenBy(p => p.Id, StringComparer.Ordinal)];
    }
}
