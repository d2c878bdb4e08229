using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Questionnaires;
using SupplierAssessment.Functions.Api;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages.Supplier;

/// <summary><c>/q/{token}/receipt</c>: what the supplier submitted, read-only and printable. Before submission it sends back to the questionnaire.</summary>
public sealed class SupplierReceiptModel(AssessmentStore assessments, TimeProvider time) : PageModel
{
    public string Token { get; private set; } = "";
    public string Lang { get; private set; } = "en";
    public bool BadLink { get; private set; }
    public QuestionnaireTemplate Template { get; private set; } = null!;
    public Assessment Assessment { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        Token = token;
        Lang = PageLanguage.Of(HttpContext);
        Response.Headers.CacheControl = "no-store";
        if (await QuestionnaireApi.OpenAsync(token, assessments, time, ct) is not var (stored, template))
        {
            BadLink = true;
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }
        if (!SupplierUrls.IsSubmitted(stored.Assessment))
        {
            return Redirect(SupplierUrls.Questionnaire(token));
        }
        (Assessment, Template) = (stored.Assessment, template);
        return Page();
    }

    public string? Answer(Question question) => SupplierAnswers.Readable(Template, Assessment.Answers, question, Lang);

    public IReadOnlyList<EvidenceFile> Files(Question question) => SupplierAnswers.Files(Assessment.Answers, question);
}
