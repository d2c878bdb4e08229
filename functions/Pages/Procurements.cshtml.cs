using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Functions.Hosting;

namespace SupplierAssessment.Functions.Pages;

[Authorize(Roles.ProjectManager)]
public sealed class ProcurementsModel(ProcurementStore procurements) : PageModel
{
    public IReadOnlyList<Procurement> Procurements { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Procurements = await procurements.ListAsync(User.UserId(), ct);
}
