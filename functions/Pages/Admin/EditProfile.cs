using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Functions.Api;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages.Admin;

/// <summary>
/// "Edit (saves version N+1)": <c>/manage/profiles/{id}/edit</c> opens the form with the newest version of a custom profile;
/// saving makes its next version under the same id. The version the form started from travels with it, so a version
/// saved by someone else meanwhile is never silently overwritten. Shipped profiles are not edited here.
/// </summary>
public sealed class EditProfilePages(ProfileStore profiles, TimeProvider time)
{
    private const string View = "Admin/EditProfile";

    [Function(nameof(AdminEditProfilePage))]
    [RequireRole(Roles.Admin)]
    [ShowsExpiredForm]
    public async Task<IActionResult> AdminEditProfilePage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "manage/profiles/{profileId}/edit")] HttpRequest request,
        string profileId, CancellationToken ct)
    {
        var http = request.HttpContext;
        var language = PageLanguage.Of(http);
        if (await profiles.LatestAsync(profileId, ct) is not { } latest)
        {
            return ProfileForm.NotFound(http);
        }
        var source = latest.Profile;
        if (HttpMethods.IsGet(request.Method))
        {
            return PageView.Of(http, View, new ProfileFormModel(language, true, source, ProfileDraft.Of(source, language, source.Id, source.Name.In(language)))
            {
                BaseVersion = source.Version,
            });
        }
        var form = request.HasFormContentType ? await FormBody.ReadAsync(request, ct) : FormCollection.Empty;
        var page = new ProfileFormModel(language, true, source, ProfileForm.Posted(form, source, language, source.Id))
        {
            BaseVersion = int.TryParse(form[ProfileFormModel.BaseVersionField], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0,
        };
        if (FormCheck.Expired(http))
        {
            return ProfileForm.Expired(http, View, page);
        }
        if (page.BaseVersion != source.Version)
        {
            return ProfileForm.ShowError(http, View, page, ProfileFormModel.VersionField, ProfileForm.VersionTaken(source.Version));
        }
        return await ProfileForm.SaveAsync(http, View, page, CustomProfiles.NextVersion(source, page.Draft), profiles, time, ct);
    }
}
