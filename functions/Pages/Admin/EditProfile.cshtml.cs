using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages.Admin;

/// <summary>
/// "Edit (saves version N+1)": <c>/admin/profiles/{id}/edit</c> opens the form with the newest version of a custom profile;
/// saving makes its next version under the same id. The version the form started from travels with it, so a version
/// saved by someone else meanwhile is never silently overwritten. Shipped profiles are not edited here.
/// </summary>
[Authorize(Roles.Admin)]
public sealed class EditProfileModel(ProfileStore profiles, TimeProvider time) : ProfileFormModel(profiles, time)
{
    public const string BaseVersionField = "baseVersion";

    public override bool SavesNextVersion => true;

    public async Task<IActionResult> OnGetAsync(string profileId, CancellationToken ct)
    {
        StartPage();
        if (await Store.LatestAsync(profileId, ct) is not { } latest)
        {
            return ProfileNotFound();
        }
        Source = latest.Profile;
        Draft = ProfileDraft.Of(Source, Language, Source.Id, Source.Name.In(Language));
        BaseVersion = Source.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string profileId, CancellationToken ct)
    {
        StartPage();
        if (await Store.LatestAsync(profileId, ct) is not { } latest)
        {
            return ProfileNotFound();
        }
        Source = latest.Profile;
        Draft = PostedDraft(Source.Id);
        BaseVersion = int.TryParse(Request.Form[BaseVersionField], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
        if (BaseVersion != Source.Version)
        {
            ShowError(VersionField, VersionTaken(Source.Version));
            return Page();
        }
        return await SaveAsync(CustomProfiles.NextVersion(Source, Draft), ct);
    }
}
