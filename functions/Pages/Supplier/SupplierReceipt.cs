using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain.Questionnaires;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages.Supplier;

/// <summary>What the receipt shows: every question with the answer as submitted, in words.</summary>
public sealed class SupplierReceiptModel(string token, string lang, StoredAssessment stored, QuestionnaireTemplate template)
    : SupplierLinkModel(token, lang, stored, template)
{
    public string? Answer(Question question) => SupplierAnswers.Readable(Template, Assessment.Answers, question, Lang);
}

/// <summary><c>/q/{token}/receipt</c>: what the supplier submitted, read-only and printable. Before submission it sends back to the questionnaire.</summary>
public sealed class SupplierReceiptPages(AssessmentStore assessments, TimeProvider time)
{
    [Function(nameof(SupplierReceipt))]
    public async Task<IActionResult> SupplierReceipt(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "q/{token}/receipt")] HttpRequest request, string token, CancellationToken ct)
    {
        var http = request.HttpContext;
        if (await SupplierLinks.OpenAsync(http, token, assessments, time, ct) is not var (stored, template))
        {
            return SupplierLinks.BadLinkPage(http);
        }
        return SupplierUrls.IsSubmitted(stored.Assessment)
            ? PageView.Of(http, "Supplier/SupplierReceipt", new SupplierReceiptModel(token, PageLanguage.Of(http), stored, template))
            : new RedirectResult(SupplierUrls.Questionnaire(token));
    }
}
