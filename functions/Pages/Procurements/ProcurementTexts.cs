using SupplierAssessment.Adapters.Reports;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages.Procurements;

/// <summary>The words the project manager's pages use for states, alert levels and actors, in English or French.</summary>
public static class ProcurementTexts
{
    public static string Language(HttpContext http) => PageLanguage.Of(http);

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

    /// <summary>The alert level's shipped name ("Elevated", "Renforcé"), or its id when the profile names none.</summary>
    public static string AlertLevel(HttpContext http, ConfidenceProfile profile, string alertLevel) =>
        profile.AlertLevelNames.TryGetValue(alertLevel, out var name) ? name.In(Language(http)) : alertLevel;

    public static string ProfileName(HttpContext http, ConfidenceProfile profile) => $"{profile.Name.In(Language(http))} v{profile.Version}";

    public static string Actor(HttpContext http, string actorId) => actorId switch
    {
        "supplier" => http.T("Supplier", "Fournisseur"),
        "projectManager" => http.T("Project manager", "Chef de projet"),
        _ => http.T("Security expert", "Expert sécurité"),
    };

    public static string Actor(HttpContext http, Actor actor) => Actor(http, actor.ToId());

    public static string Date(DateTimeOffset at) => at.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The page of one report version.</summary>
    public static string ReportPage(string procurementId, string assessmentId, int version) =>
        $"/procurements/{Uri.EscapeDataString(procurementId)}/assessments/{Uri.EscapeDataString(assessmentId)}/reports/{version}";

    /// <summary>The stored report itself, as the API serves it (format "html" or "json").</summary>
    public static string ReportFile(string procurementId, string assessmentId, int version, string format) =>
        $"/api/procurements/{Uri.EscapeDataString(procurementId)}/assessments/{Uri.EscapeDataString(assessmentId)}/reports/{version}?format={format}";
}

/// <summary>A stored report version; verified versions are those rendered after the expert finalized.</summary>
public sealed record ReportVersionInfo(int Version, bool Verified);

public static class ReportVersions
{
    /// <summary>
    /// The versions stored for an assessment, oldest first. Only a final assessment has verified versions, and they
    /// are its newest ones (finalizing is the last step; later alert-level changes stay verified), so the JSON of a
    /// version is read only from the newest back to the first declared one.
    /// </summary>
    public static async Task<IReadOnlyList<ReportVersionInfo>> ListAsync(
        ReportStore reports, Assessment assessment, ConfidenceProfile profile, CancellationToken ct)
    {
        if (assessment.ReportVersion == 0)
        {
            return [];
        }
        var versions = await reports.VersionsAsync(assessment.ProcurementId, assessment.Id, ct);
        var verified = new HashSet<int>();
        if (assessment.State == AssessmentState.Final)
        {
            foreach (var version in versions.Reverse())
            {
                var json = await reports.ReadAsync(assessment.ProcurementId, assessment.Id, version, ReportFormat.Json, ct);
                if (json is null || !ReportJson.Read(json, profile, ShippedData.Catalog).Verified)
                {
                    break;
                }
                verified.Add(version);
            }
        }
        return versions.Select(v => new ReportVersionInfo(v, verified.Contains(v))).ToArray();
    }
}
