using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages;

/// <summary>The signed-in project manager's procurements, newest as the store lists them.</summary>
public sealed record ProcurementsModel(IReadOnlyList<Procurement> Procurements);

/// <summary><c>/procurements</c>: the project manager's procurements, each linking to its page, and the way to a new one.</summary>
public sealed class ProcurementsPages(ProcurementStore procurements)
{
    [Function(nameof(ProcurementsPage))]
    [RequireRole(Roles.ProjectManager)]
    public async Task<IActionResult> ProcurementsPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "procurements")] HttpRequest request, CancellationToken ct)
    {
        var http = request.HttpContext;
        return PageView.Of(http, "Procurements", new ProcurementsModel(await procurements.ListAsync(http.User.UserId(), ct)));
    }
}
