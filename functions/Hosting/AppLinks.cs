namespace SupplierAssessment.Functions.Hosting;

/// <summary>Absolute links put in emails (section "App": PublicBaseUrl, default the local address).</summary>
public sealed class AppLinks(IConfiguration configuration)
{
    private readonly Uri _base = new((configuration["App:PublicBaseUrl"] ?? "http://127.0.0.1:7071").TrimEnd('/') + "/");

    public Uri Questionnaire(string token) => new(_base, $"q/{Uri.EscapeDataString(token)}");

    /// <summary>The report page of one version: the report, its versions and its PDF, CSV and JSON downloads.</summary>
    public Uri Report(string procurementId, string assessmentId, int version) =>
        new(_base, $"procurements/{Uri.EscapeDataString(procurementId)}/assessments/{Uri.EscapeDataString(assessmentId)}/reports/{version}");

    /// <summary>A report version's download: <paramref name="format"/> json, pdf, csv or html (<c>GET /api/…/reports/{n}?format=</c>).</summary>
    public Uri ReportDownload(string procurementId, string assessmentId, int version, string format) =>
        new(_base, $"api/procurements/{Uri.EscapeDataString(procurementId)}/assessments/{Uri.EscapeDataString(assessmentId)}/reports/{version}?format={format}");

    public Uri Procurement(string procurementId) => new(_base, $"procurements/{Uri.EscapeDataString(procurementId)}");

    public Uri SignIn => new(_base, "signin");

    /// <summary>The expert's review page of one assessment.</summary>
    public Uri Review(string procurementId, string assessmentId) =>
        new(_base, $"review/{Uri.EscapeDataString(procurementId)}/{Uri.EscapeDataString(assessmentId)}");

    /// <summary>The expert's list of the reviews assigned to them.</summary>
    public Uri MyReviews => new(_base, "reviews");

    public Uri Outbox => new(_base, "dev/outbox");
}
