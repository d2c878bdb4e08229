namespace SupplierAssessment.Functions.Hosting;

/// <summary>Absolute links put in emails (section "App": PublicBaseUrl, default the local address).</summary>
public sealed class AppLinks(IConfiguration configuration)
{
    private readonly Uri _base = new((configuration["App:PublicBaseUrl"] ?? "http://127.0.0.1:7071").TrimEnd('/') + "/");

    /// <summary>The supplier's questionnaire; in French it opens with <c>?lang=fr</c>.</summary>
    public Uri Questionnaire(string token, string language = "en") => new(_base, $"q/{Uri.EscapeDataString(token)}{Lang(language)}");

    /// <summary>The report page of one version: the report, its versions and its PDF, CSV and JSON downloads.</summary>
    public Uri Report(string procurementId, string assessmentId, int version, string language = "en") =>
        new(_base, $"procurements/{Uri.EscapeDataString(procurementId)}/assessments/{Uri.EscapeDataString(assessmentId)}/reports/{version}{Lang(language)}");

    /// <summary>A report version's download: <paramref name="format"/> json, pdf, csv or html (<c>GET /api/…/reports/{n}?format=</c>).</summary>
    public Uri ReportDownload(string procurementId, string assessmentId, int version, string format) =>
        new(_base, $"api/procurements/{Uri.EscapeDataString(procurementId)}/assessments/{Uri.EscapeDataString(assessmentId)}/reports/{version}?format={format}");

    /// <summary>The expert's review page of an assessment.</summary>
    public Uri Review(string procurementId, string assessmentId, string language = "en") =>
        new(_base, $"review/{Uri.EscapeDataString(procurementId)}/{Uri.EscapeDataString(assessmentId)}{Lang(language)}");

    public Uri Procurement(string procurementId) => new(_base, $"procurements/{Uri.EscapeDataString(procurementId)}");

    public Uri SignIn => new(_base, "signin");

    /// <summary>The expert's list of the reviews assigned to them.</summary>
    public Uri MyReviews => new(_base, "reviews");

    public Uri Outbox => new(_base, "dev/outbox");

    /// <summary>English is the pages' default: only French is asked for in the link.</summary>
    private static string Lang(string language) => language == "fr" ? "?lang=fr" : "";
}
