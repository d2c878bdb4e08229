using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages.Admin;

/// <summary>
/// "Create a profile from this one": <c>/admin/profiles/new?from={id}&amp;version={n}</c> opens the form with that
/// profile's targets and rationales (shipped or custom; the newest version without <c>version</c>); saving makes a new
/// profile, version 1, under the id the administrator gives.
/// </summary>
[Authorize(Roles.Admin)]
public sealed class NewProfileModel(ProfileStore profiles, TimeProvider time) : ProfileFormModel(profiles, time)
{
    public override bool SavesNextVersion => false;

    public async Task<IActionResult> OnGetAsync(string? from, int? version, CancellationToken ct)
    {
        StartPage();
        if (await FindSourceAsync(from, version, ct) is not { } source)
        {
            return ProfileNotFound();
        }
        Source = source;
        Draft = ProfileDraft.Of(source, Language, id: "", name: "");
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? from, int? version, CancellationToken ct)
    {
        StartPage();
        if (await FindSourceAsync(from, version, ct) is not { } source)
        {
            return ProfileNotFound();
        }
        Source = source;
        Draft = PostedDraft(Request.Form[ProfileDraft.IdField].ToString());
        var customIds = (await Store.ListAsync(ct)).Select(p => p.Profile.Id).Distinct();
        return await SaveAsync(CustomProfiles.Derive(source, Draft, customIds), ct);
    }

    /// <summary>A shipped profile, else a custom one; the newest version when none is asked.</summary>
    private async Task<ConfidenceProfile?> FindSourceAsync(string? id, int? version, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }
        var shipped = version is { } v ? ShippedData.Profile(id, v) : ShippedData.Profiles.Where(p => p.Id == id).MaxBy(p => p.Version);
        if (shipped is not null || CustomProfiles.IsShipped(id))
        {
            return shipped;
        }
        var stored = version is { } n ? await Store.FindAsync(id, n, ct) : await Store.LatestAsync(id, ct);
        return stored?.Profile;
    }
}
