namespace SupplierAssessment.Functions.Hosting;

/// <summary>Absolute links put in emails (section "App": PublicBaseUrl, default the local address).</summary>
public sealed class AppLinks(IConfiguration configuration)
{
    private readonly Uri _base = new((configuration["App:PublicBaseUrl"] ?? "http://127.0.0.1:7071").TrimEnd('/') + "/");

    public Uri Questionnaire(string token) => new(_base, $"q/{Uri.EscapeDataString(token)}");

    public Uri QuestionnaireApi(string token) => new(_base, $"api/questionnaires/{Uri.EscapeDataString(token)}");

    public Uri Report(string procurementId, string assessmentId, int version) =>
        new(_base, $"api/procurements/{procurementId}/assessments/{assessmentId}/reports/{version}?format=html");

    public Uri Procurement(string procurementId) => new(_base, $"api/procurements/{procurementId}");
}
