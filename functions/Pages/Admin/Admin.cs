using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Questionnaires;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages.Admin;

/// <summary>A profile on the admin page: shipped (no <see cref="Saved"/>) or made by an administrator.</summary>
public sealed record AdminProfile(ConfidenceProfile Profile, StoredProfile? Saved, bool IsNewest)
{
    public bool IsCustom => Saved is not null;

    /// <summary>Only the newest version of a custom profile is edited (into the next one); shipped profiles never are.</summary>
    public bool CanEdit => IsCustom && IsNewest;
}

/// <summary>What the admin page shows: the shipped templates, every profile, and the one just saved by the form.</summary>
/// <param name="Profiles">Shipped profiles, then the custom ones, each by id then version.</param>
/// <param name="JustSaved">The profile just saved by the form (<c>?saved={id}&amp;version={n}</c>), when it is listed.</param>
public sealed record AdminModel(string Language, IReadOnlyList<AdminProfile> Profiles, AdminProfile? JustSaved)
{
    public IReadOnlyList<QuestionnaireTemplate> Templates => ShippedData.Templates;

    public static IReadOnlyList<QuestionKind> Kinds { get; } = Enum.GetValues<QuestionKind>();

    public string T(string en, string fr) => PageLanguage.Pick(Language, en, fr);

    public string PaName(ProcessAreaId pa) => ShippedData.Catalog[pa].Name.In(Language);

    public string KindName(QuestionKind kind) => kind switch
    {
        QuestionKind.Scale => T("scale", "échelle"),
        QuestionKind.Choice => T("choice", "choix"),
        QuestionKind.Text => T("text", "texte"),
        _ => T("evidence", "preuve"),
    };

    /// <summary>An id usable in an HTML id attribute: "celar-hosting-v1".</summary>
    public static string Anchor(string id, int version) => $"{id}-v{version}";

    /// <summary>Scored questions that rate at least one cell of the process area.</summary>
    public static int ScoredQuestionsCovering(QuestionnaireTemplate template, ProcessAreaId pa) =>
        template.ScoredQuestions.Count(q => q.Cells.Any(c => c.ProcessArea == pa));

    /// <summary>Text and evidence questions that inform the expert about the process area.</summary>
    public static int QuestionsInforming(QuestionnaireTemplate template, ProcessAreaId pa) =>
        template.Questions.Count(q => !q.IsScored && q.ProcessAreas.Contains(pa));

    /// <summary>Cells of the process area that at least one scored question covers (of 12).</summary>
    public static int CellsCovered(QuestionnaireTemplate template, ProcessAreaId pa) =>
        CommonFeature.All.Count(cf => template.QuestionsCovering(new Cell(pa, cf)).Any());

    /// <summary>"Create a profile from this one": the form starting from this version.</summary>
    public static string NewProfileFrom(ConfidenceProfile profile) =>
        $"/manage/profiles/new?from={Uri.EscapeDataString(profile.Id)}&version={profile.Version}";

    /// <summary>"Edit (saves version N+1)".</summary>
    public static string EditProfile(ConfidenceProfile profile) => $"/manage/profiles/{Uri.EscapeDataString(profile.Id)}/edit";
}

/// <summary>
/// The administrator's view of the questionnaire templates (topics, questions per kind, coverage per process area) and
/// the confidence profiles (targets per alert level, rationale, responsibility matrix, baseline): the shipped ones and
/// every saved version of those administrators made. Each profile can be the start of a new one; the newest version of a
/// custom profile can be edited into its next version.
/// </summary>
public sealed class AdminPages(ProfileStore profiles)
{
    /// <summary><c>GET /manage</c>, optionally <c>?saved={id}&amp;version={n}</c> after the profile form saved that version.</summary>
    [Function(nameof(AdminPage))]
    [RequireRole(Roles.Admin)]
    public async Task<IActionResult> AdminPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "manage")] HttpRequest request, CancellationToken ct)
    {
        var custom = await profiles.ListAsync(ct);
        var newest = custom.GroupBy(p => p.Profile.Id).ToDictionary(g => g.Key, g => g.Max(p => p.Profile.Version));
        IReadOnlyList<AdminProfile> listed =
        [
            .. ShippedData.Profiles.Select(p => new AdminProfile(p, null, false)),
            .. custom.Select(p => new AdminProfile(p.Profile, p, newest[p.Profile.Id] == p.Profile.Version)),
        ];
        var saved = request.Query["saved"].FirstOrDefault();
        int? version = int.TryParse(request.Query["version"].FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
        var justSaved = listed.FirstOrDefault(p => p.IsCustom && p.Profile.Id == saved && p.Profile.Version == version);
        return PageView.Of(request.HttpContext, "Admin/Admin", new AdminModel(PageLanguage.Of(request.HttpContext), listed, justSaved));
    }
}
