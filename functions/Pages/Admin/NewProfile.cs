using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Functions.Api;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages.Admin;

/// <summary>
/// "Create a profile from this one": <c>/manage/profiles/new?from={id}&amp;version={n}</c> opens the form with that
/// profile's targets and rationales (shipped or custom; the newest version without <c>version</c>); saving makes a new
/// profile, version 1, under the id the administrator gives.
/// </summary>
public sealed class NewProfilePages(ProfileStore profiles, TimeProvider time)
{
    private const string View = "Admin/NewProfile";

    [Function(nameof(AdminNewProfilePage))]
    [RequireRole(Roles.Admin)]
    [ShowsExpiredForm]
    public async Task<IActionResult> AdminNewProfilePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "manage/profiles/new")] HttpRequest request, CancellationToken ct)
    {
        var http = request.HttpContext;
        var language = PageLanguage.Of(http);
        var version = int.TryParse(request.Query["version"].FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : (int?)null;
        if (await FindSourceAsync(request.Query["from"].FirstOrDefault(), version, ct) is not { } source)
        {
            return ProfileForm.NotFound(http);
        }
        if (HttpMethods.IsGet(request.Method))
        {
            return PageView.Of(http, View, new ProfileFormModel(language, false, source, ProfileDraft.Of(source, language, id: "", name: "")));
        }
        var form = request.HasFormContentType ? await FormBody.ReadAsync(request, ct) : FormCollection.Empty;
        var draft = ProfileForm.Posted(form, source, language, form[ProfileDraft.IdField].ToString());
        if (FormCheck.Expired(http))
        {
            return ProfileForm.Expired(http, View, new ProfileFormModel(language, false, source, draft));
        }
        var customIds = (await profiles.ListAsync(ct)).Select(p => p.Profile.Id).Distinct();
        return await ProfileForm.SaveAsync(http, View, new ProfileFormModel(language, false, source, draft),
            CustomProfiles.Derive(source, draft, customIds), profiles, time, ct);
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
        var stored = version is { } n ? await profiles.FindAsync(id, n, ct) : await profiles.LatestAsync(id, ct);
        return stored?.Profile;
    }
}
