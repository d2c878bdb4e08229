using Microsoft.AspNetCore.Mvc;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain.Questionnaires;

namespace SupplierAssessment.Functions.Pages.Supplier;

/// <summary><c>/q/{token}/receipt</c>: what the supplier submitted, read-only and printable. Before submission it sends back to the questionnaire.</summary>
public sealed class SupplierReceiptModel(AssessmentStore assessments, TimeProvider time) : SupplierPageModel(assessments, time)
{
    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        if (!await OpenLinkAsync(token, ct))
        {
            return BadLinkPage();
        }
        return SupplierUrls.IsSubmitted(Assessment) ? Page() : Redirect(SupplierUrls.Questionnaire(token));
    }

    public string? Answer(Question question) => SupplierAnswers.Readable(Template, Assessment.Answers, question, Lang);
}
