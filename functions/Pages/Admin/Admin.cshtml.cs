using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Questionnaires;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages.Admin;

/// <summary>
/// The administrator's view of what the product ships: questionnaire templates (topics, questions per kind, coverage
/// per process area) and confidence profiles (targets per alert level, rationale, responsibility matrix, baseline).
/// Read-only: profiles have no storage of their own yet.
/// </summary>
[Authorize(Roles.Admin)]
public sealed class AdminModel : PageModel
{
    public string Language { get; private set; } = "en";

    public IReadOnlyList<QuestionnaireTemplate> Templates => ShippedData.Templates;

    public IReadOnlyList<ConfidenceProfile> Profiles => ShippedData.Profiles;

    public static IReadOnlyList<QuestionKind> Kinds { get; } = Enum.GetValues<QuestionKind>();

    public void OnGet() => Language = PageLanguage.Of(HttpContext);

    public string T(string en, string fr) => HttpContext.T(en, fr);

    public string PaName(ProcessAreaId pa) => ShippedData.Catalog[pa].Name.In(Language);

    public string KindName(QuestionKind kind) => kind switch
    {
        QuestionKind.Scale => T("scale", "échelle"),
        QuestionKind.Choice => T("choice", "choix"),
        QuestionKind.Text => T("text", "texte"),
        _ => T("evidence", "preuve"),
    };

    public string ActorName(Actor actor) => actor switch
    {
        Actor.Supplier => T("Supplier", "Fournisseur"),
        Actor.ProjectManager => T("Project manager", "Chef de projet"),
        _ => T("Security expert", "Expert sécurité"),
    };

    public static string AlertLevelName(ConfidenceProfile profile, string level, string language) =>
        profile.AlertLevelNames.TryGetValue(level, out var name) ? name.In(language) : level;

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
}
