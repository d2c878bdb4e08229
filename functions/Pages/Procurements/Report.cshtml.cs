using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplierAssessment.Adapters.Reports;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Reports;
using SupplierAssessment.Functions.Api;
using SupplierAssessment.Functions.Hosting;
using SupplierAssessment.Functions.Stages;

namespace SupplierAssessment.Functions.Pages.Procurements;

/// <summary>
/// One stored report version, framed from the API's HTML, with its versions, downloads and a short text summary read
/// from the version's JSON as the PDF and CSV downloads read it (<see cref="ReportJson.Read"/>). Seen by the procurement's owner and by the expert assigned to the assessment — the rule of
/// the review API — and by nobody else (the same 404 whether it exists or not).
/// </summary>
[Authorize]
public sealed class ReportModel(AssessmentStore assessments, ProcurementStore procurements, ReportStore reports) : PageModel
{
    public bool IsMissing { get; private set; }

    public Procurement Procurement { get; private set; } = null!;

    public ConfidenceProfile Profile { get; private set; } = null!;

    public Assessment Assessment { get; private set; } = null!;

    public int Version { get; private set; }

    public IReadOnlyList<ReportVersionInfo> Versions { get; private set; } = [];

    /// <summary>The stored version read back: its alert level, gap at every level, baseline and action plan.</summary>
    public AssessmentReport Summary { get; private set; } = null!;

    /// <summary>Where "back" goes: the procurement for its owner, the review for the assigned expert.</summary>
    public string BackLink { get; private set; } = "/";

    public bool ViewedByOwner { get; private set; }

    public string HtmlUrl => ProcurementTexts.ReportFile(Procurement.Id, Assessment.Id, Version, "html");

    public string JsonUrl => ProcurementTexts.ReportFile(Procurement.Id, Assessment.Id, Version, "json");

    public string PdfUrl => ProcurementTexts.ReportFile(Procurement.Id, Assessment.Id, Version, "pdf");

    public string CsvUrl => ProcurementTexts.ReportFile(Procurement.Id, Assessment.Id, Version, "csv");

    public async Task<IActionResult> OnGetAsync(string procurementId, string assessmentId, int version, CancellationToken ct)
    {
        if (await ReviewApi.VisibleAsync(User, procurementId, assessmentId, assessments, procurements, ct) is not { } context
            || await reports.ReadAsync(procurementId, assessmentId, version, ReportFormat.Json, ct) is not { } json)
        {
            return Missing();
        }
        Procurement = context.Procurement;
        Profile = context.Profile;
        Assessment = context.Assessment;
        Version = version;
        Summary = ReportJson.Read(json, Profile, ShippedData.Catalog);
        Versions = await ReportVersions.ListAsync(reports, Assessment, Profile, ct);
        ViewedByOwner = context.Stored.OwnerId == User.UserId() && User.IsInRole(Roles.ProjectManager);
        BackLink = ViewedByOwner
            ? "/procurements/" + Uri.EscapeDataString(Procurement.Id)
            : ProcurementTexts.ReviewPage(Procurement.Id, Assessment.Id);
        return Page();
    }

    private PageResult Missing()
    {
        IsMissing = true;
        Response.StatusCode = StatusCodes.Status404NotFound;
        return Page();
    }
}
