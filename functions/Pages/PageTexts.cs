using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages;

/// <summary>The words every page uses for assessment states, alert levels, profiles and actors, in English or French.</summary>
public static class PageTexts
{
    private static readonly Dictionary<string, string> FrenchAuditActions = new(StringComparer.Ordinal)
    {
        ["procurement created"] = "consultation créée", ["supplier invited"] = "fournisseur invité", ["link resent"] = "lien renvoyé",
        ["link revoked"] = "lien révoqué", ["reminder sent"] = "rappel envoyé", ["email refused"] = "courriel refusé", ["supplier withdrawn"] = "fournisseur retiré",
        ["due date changed"] = "date limite changée", ["link moved to the due date"] = "lien aligné sur la date limite", ["alert level changed"] = "niveau d'alerte changé",
        ["report language chosen"] = "langue des rapports choisie", ["reviewer assigned"] = "expert désigné",
        ["rating corrected"] = "notation corrigée", ["correction removed"] = "correction retirée", ["review finalized"] = "revue finalisée",
        ["answering started"] = "réponses commencées", ["submitted"] = "réponses envoyées", ["expired"] = "expiré",
        ["scored"] = "notations calculées", ["report written"] = "rapport rédigé", ["verified report written"] = "rapport vérifié rédigé",
        ["target adjusted"] = "cible ajustée", ["earlier assessment confirmed"] = "évaluation antérieure confirmée",
        ["earlier assessment dismissed"] = "évaluation antérieure écartée", ["sample procurement created"] = "consultation d'exemple créée",
    };

    /// <summary>Who did it, in the page's language: the app itself ("system") and the supplier have names; a user is shown by their id.</summary>
    public static string AuditActor(HttpContext http, string actor) => (PageLanguage.Of(http), actor) switch
    {
        ("fr", "system") => "l'application",
        ("fr", "supplier") => "le fournisseur",
        ("en", "system") => "the application",
        ("en", "supplier") => "the supplier",
        _ => actor,
    };

    /// <summary>An audit row's action in the page's language (the trail stores the English words; an unknown one is shown as stored).</summary>
    public static string AuditAction(HttpContext http, string action) =>
        PageLanguage.Of(http) == "fr" && FrenchAuditActions.TryGetValue(action, out var french) ? french : action;

    /// <summary>An assessment's state in words; "in progress" carries how much of the questionnaire is answered.</summary>
    public static string State(HttpContext http, AssessmentState state, int progressPercent) => state switch
    {
        AssessmentState.Invited => http.T("Invited", "Invité"),
        AssessmentState.InProgress => http.T($"In progress ({progressPercent} %)", $"En cours ({progressPercent} %)"),
        AssessmentState.Submitted => http.T("Submitted", "Soumis"),
        AssessmentState.Scored => http.T("Submitted, report on its way", "Soumis, rapport en préparation"),
        AssessmentState.Reported => http.T("Reported", "Rapport envoyé"),
        AssessmentState.UnderReview => http.T("Under review", "En revue"),
        AssessmentState.Final => http.T("Final (verified)", "Définitif (vérifié)"),
        AssessmentState.Expired => http.T("Expired", "Expiré"),
        _ => http.T("Withdrawn", "Retiré"),
    };

    public static string State(HttpContext http, string stateId, int progressPercent = 0) =>
        AssessmentStates.TryParse(stateId, out var state) ? State(http, state, progressPercent) : stateId;

    /// <summary>The alert level's name ("Elevated", "Renforcé"), as <see cref="ConfidenceProfile.AlertLevelName"/> gives it.</summary>
    public static string AlertLevel(HttpContext http, ConfidenceProfile profile, string alertLevel) =>
        profile.AlertLevelName(alertLevel).In(PageLanguage.Of(http));

    /// <summary>"Government web hosting v1"; "… v1, targets adjusted for this procurement" for a procurement's own version (its id, <c>1+procurement.{id}</c>, stays in the API and the reports' data).</summary>
    public static string ProfileName(HttpContext http, ConfidenceProfile profile) => profile.ProcurementId is null
        ? $"{profile.Name.In(PageLanguage.Of(http))} v{profile.Version}"
        : http.T($"{profile.Name.In("en")} v{profile.Version}, targets adjusted for this procurement",
            $"{profile.Name.In("fr")} v{profile.Version}, cibles ajustées pour cette consultation");

    /// <summary>A reader's language by its name in the page's language: "French", "français".</summary>
    public static string LanguageName(HttpContext http, string language) => LanguageName(PageLanguage.Of(http), language);

    /// <summary>A reader's language by its name in <paramref name="pageLanguage"/>.</summary>
    public static string LanguageName(string pageLanguage, string language) => language == "fr"
        ? PageLanguage.Pick(pageLanguage, "French", "français")
        : PageLanguage.Pick(pageLanguage, "English", "anglais");

    /// <summary>
    /// A count and its noun in the page's language and in the number that language gives the count ("1 report",
    /// "0 reports", "0 rapport", <see cref="Adapters.Typography.IsSingular"/>).
    /// </summary>
    public static string Count(HttpContext http, int count, string oneEn, string manyEn, string oneFr, string manyFr)
    {
        var language = PageLanguage.Of(http);
        var one = Adapters.Typography.IsSingular(count, language);
        return $"{count} {PageLanguage.Pick(language, one ? oneEn : manyEn, one ? oneFr : manyFr)}";
    }

    public static string Actor(HttpContext http, Actor actor) => actor switch
    {
        Domain.Profiles.Actor.Supplier => http.T("Supplier", "Fournisseur"),
        Domain.Profiles.Actor.ProjectManager => http.T("Project manager", "Chef de projet"),
        _ => http.T("Security expert", "Expert sécurité"),
    };
}
