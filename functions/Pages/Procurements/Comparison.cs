using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Adapters.Reports;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Reports;
using SupplierAssessment.Functions.Hosting;
using SupplierAssessment.Functions.Stages;

namespace SupplierAssessment.Functions.Pages.Procurements;

/// <summary>
/// <c>/procurements/{procurementId}/comparison.csv</c> and <c>.xlsx</c>: the bidders side by side, as the procurement
/// page's comparison table shows them (<see cref="BidderComparison"/>), for a spreadsheet — a header row and one row
/// per bidder (<see cref="ComparisonSheet"/>), in the page's language. Only the procurement's owner, a project manager,
/// gets it; another project manager, an unknown procurement or another format gets the page's 404. Sent as an
/// attachment named after the procurement and the alert level; <c>Cache-Control: no-store</c> comes from
/// <see cref="PageSecurity"/>, as on every answer.
/// </summary>
public sealed class ComparisonDownloads(ProcurementStore procurements, AssessmentStore assessments)
{
    /// <summary>The address of a download, <paramref name="format"/> "csv" or "xlsx".</summary>
    public static string Url(string procurementId, string format) => $"/procurements/{Uri.EscapeDataString(procurementId)}/comparison.{format}";

    [Function(nameof(ComparisonDownload))]
    [RequireRole(Roles.ProjectManager)]
    public async Task<IActionResult> ComparisonDownload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "procurements/{procurementId}/comparison.{format}")] HttpRequest request,
        string procurementId, string format, CancellationToken ct)
    {
        var http = request.HttpContext;
        if (format is not ("csv" or "xlsx")
            || await procurements.FindAsync(http.User.UserId(), procurementId, ct) is not { } procurement)
        {
            return ProcurementTexts.NotFoundPage(http);
        }
        var (bytes, contentType) = Attach(http, procurement, await ComparisonOfAsync(assessments, procurement, ct), format, PageLanguage.Of(http));
        return new FileContentResult(bytes, contentType);
    }

    /// <summary>
    /// The download of <paramref name="comparison"/> as <paramref name="format"/> ("csv" or "xlsx", checked before) in
    /// <paramref name="language"/> ("en" or "fr"): its bytes and content type, with the response's Content-Disposition
    /// set to an attachment named after the procurement and the alert level (RFC 6266, as the report downloads).
    /// The page's download and the API's <c>?format=</c> both answer with it.
    /// </summary>
    public static (byte[] Bytes, string ContentType) Attach(HttpContext http, Procurement procurement, BidderComparison comparison, string format, string language)
    {
        var name = ComparisonSheet.FileName(procurement.Name, comparison.AlertLevel, format, language);
        http.Response.Headers.ContentDisposition = new Microsoft.Net.Http.Headers.ContentDispositionHeaderValue("attachment")
        {
            FileName = name.Ascii,
            FileNameStar = name.Unicode,
        }.ToString();
        return format == "xlsx"
            ? (ComparisonXlsx.Render(comparison, language), ComparisonXlsx.ContentType)
            // With a byte order mark, so that spreadsheets read the accents of French names as UTF-8 (as the action plan's CSV).
            : ([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(ComparisonCsv.Render(comparison, language))], "text/csv; charset=utf-8");
    }

    /// <summary>The comparison of the procurement's bidders, in invitation order before ranking (as the procurement page lists them).</summary>
    public static async Task<BidderComparison> ComparisonOfAsync(AssessmentStore assessments, Procurement procurement, CancellationToken ct) =>
        BidderComparison.Of(procurement, AssessmentLoader.ProfileOf(procurement),
            (await assessments.ListAsync(procurement.Id, ct)).OrderBy(s => s.Assessment.InvitedAt).Select(s => s.Assessment));
}
