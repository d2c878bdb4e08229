using SupplierAssessment.Adapters.Reports;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages.Procurements;

/// <summary>The project manager's pages' dates and addresses (the words all pages share are in <see cref="PageTexts"/>).</summary>
public static class ProcurementTexts
{
    /// <summary>A date in words in the page's language, as every page, report and email writes it (<see cref="Adapters.Typography.Date"/>).</summary>
    public static string Date(HttpContext http, DateTimeOffset at) => Adapters.Typography.Date(at, PageLanguage.Of(http));

    /// <summary>A due date with its zone in the page's language: "24 December 2026 (end of day, Europe/Paris time)".</summary>
    public static string DueDate(HttpContext http, AnswerDeadline due) => Adapters.Typography.DueDate(due.Date, due.TimeZone, PageLanguage.Of(http));

    /// <summary>
    /// A supplier email stored and not sent yet (<see cref="Api.SupplierMail.WaitingAsync"/>), by its kind
    /// (<c>invitation</c>, <c>reminder</c>, <c>due-moved</c>): "invitation not sent yet: retrying".
    /// </summary>
    public static string EmailWaiting(HttpContext http, string kind) => kind switch
    {
        Api.SupplierMail.InvitationKind => http.T("invitation not sent yet: retrying", "invitation pas encore envoyée : nouvel essai sous peu"),
        Api.SupplierMail.ReminderKind => http.T("reminder not sent yet: retrying", "relance pas encore envoyée : nouvel essai sous peu"),
        _ => http.T("new due date email not sent yet: retrying", "courriel de nouvelle échéance pas encore envoyé : nouvel essai sous peu"),
    };

    /// <summary>Time zones offered as you type one (any IANA name is taken): the buyers' usual ones first.</summary>
    public static IReadOnlyList<string> SuggestedTimeZones { get; } =
        ["Europe/Paris", "Europe/Brussels", "Europe/Luxembourg", "Europe/Zurich", "Europe/London", "America/Montreal", "Indian/Reunion", "America/Martinique", "Pacific/Noumea", "UTC"];

    /// <summary>The page of one report version.</summary>
    public static string ReportPage(string procurementId, string assessmentId, int version) =>
        $"/procurements/{Uri.EscapeDataString(procurementId)}/assessments/{Uri.EscapeDataString(assessmentId)}/reports/{version}";

    /// <summary>The expert's review of one assessment (the owner reads it too).</summary>
    public static string ReviewPage(string procurementId, string assessmentId) =>
        $"/review/{Uri.EscapeDataString(procurementId)}/{Uri.EscapeDataString(assessmentId)}";

    /// <summary>The stored report itself, as the API serves it (format "html" or "json").</summary>
    public static string ReportFile(string procurementId, string assessmentId, int version, string format) =>
        $"/api/procurements/{Uri.EscapeDataString(procurementId)}/assessments/{Uri.EscapeDataString(assessmentId)}/reports/{version}?format={format}";

    /// <summary>A procurement or report that does not exist or is not the signed-in user's: the same 404 page either way.</summary>
    public static Microsoft.AspNetCore.Mvc.ViewResult NotFoundPage(HttpContext http) => ErrorPages.NotFound(http, http.T(
        "There is nothing here for you: the address may be wrong, or this procurement belongs to someone else.",
        "Il n'y a rien ici pour vous : l'adresse est peut-être erronée, ou cette consultation appartient à quelqu'un d'autre."));
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
