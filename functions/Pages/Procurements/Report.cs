using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Adapters.Reports;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Reports;
using SupplierAssessment.Functions.Api;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages.Procurements;

/// <summary>What the report page shows: one stored version read back, the other versions, and where "back" goes.</summary>
public sealed record ReportModel(
    Procurement Procurement, ConfidenceProfile Profile, Assessment Assessment, int Version, IReadOnlyList<ReportVersionInfo> Versions,
    AssessmentReport Summary, string BackLink, bool ViewedByOwner, string Language = "en")
{
    /// <summary>The report itself, its print view, PDF and CSV in the page's language (rendered from the version's JSON).</summary>
    public string HtmlUrl => ProcurementTexts.ReportFile(Procurement.Id, Assessment.Id, Version, "html") + Lang;

    public string JsonUrl => ProcurementTexts.ReportFile(Procurement.Id, Assessment.Id, Version, "json");

    public string PdfUrl => ProcurementTexts.ReportFile(Procurement.Id, Assessment.Id, Version, "pdf") + Lang;

    public string CsvUrl => ProcurementTexts.ReportFile(Procurement.Id, Assessment.Id, Version, "csv") + Lang;

    private string Lang => "&lang=" + Language;
}

/// <summary>
/// <c>/procurements/{procurementId}/assessments/{assessmentId}/reports/{version}</c>: one stored report version, framed
/// from the API's HTML, with its versions, downloads and a short text summary read from the version's JSON as the PDF
/// and CSV downloads read it (<see cref="ReportJson.Read"/>). Seen by the procurement's owner and by the expert assigned
/// to the assessment — the rule of the review API — and by nobody else (the same 404 whether it exists or not).
/// </summary>
public sealed class ReportPages(AssessmentStore assessments, ProcurementStore procurements, ReportStore reports)
{
    /// <summary>The page has no form: a POST (as Razor Pages answered one without a handler) shows it too.</summary>
    [Function(nameof(ReportPage))]
    [RequireRole]
    public async Task<IActionResult> ReportPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "procurements/{procurementId}/assessments/{assessmentId}/reports/{version:int}")]
        HttpRequest request, string procurementId, string assessmentId, int version, CancellationToken ct)
    {
        var http = request.HttpContext;
        if (request.Query.ContainsKey("format"))
        {
            if (!ReviewFunctions.ReportFormats.Contains(request.Query["format"].ToString().ToLowerInvariant())) // as the API reads it
            {
                return ProcurementTexts.NotFoundPage(http); // a page, not the API's problem+json (second trial)
            }
            // The page's address with ?format=pdf (as a download is written in the README): the download itself, from the
            // API's address, which checks the format, the language and who may read it (fresh user's trial: the page came instead).
            return new LocalRedirectResult(
                $"/api/procurements/{Uri.EscapeDataString(procurementId)}/assessments/{Uri.EscapeDataString(assessmentId)}/reports/{version}{request.QueryString}");
        }
        var user = http.User;
        if (await ReviewApi.VisibleAsync(user, procurementId, assessmentId, assessments, procurements, ct) is not { } context
            || await reports.ReadAsync(procurementId, assessmentId, version, ReportFormat.Json, ct) is not { } json)
        {
            return ProcurementTexts.NotFoundPage(http);
        }
        var (procurement, profile, assessment) = (context.Procurement, context.Profile, context.Assessment);
        var viewedByOwner = context.Stored.OwnerId == user.UserId() && user.IsInRole(Roles.ProjectManager);
        var backLink = viewedByOwner
            ? "/procurements/" + Uri.EscapeDataString(procurement.Id)
            : ProcurementTexts.ReviewPage(procurement.Id, assessment.Id);
        return PageView.Of(http, "Procurements/Report", new ReportModel(
            procurement, profile, assessment, version,
            await ReportVersions.ListAsync(reports, assessment, profile, ct),
            ReportJson.Read(json, profile, ShippedData.Catalog),
            backLink, viewedByOwner, PageLanguage.Of(http)));
    }
}
