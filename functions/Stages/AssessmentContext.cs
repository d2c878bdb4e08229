using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Questionnaires;
using SupplierAssessment.Domain.Reports;

namespace SupplierAssessment.Functions.Stages;

/// <summary>An assessment with what it is measured by: its procurement, the pinned template and the profile version.</summary>
public sealed record AssessmentContext(StoredAssessment Stored, Procurement Procurement, QuestionnaireTemplate Template, ConfidenceProfile Profile)
{
    public Assessment Assessment => Stored.Assessment;

    /// <summary>The report a stage message asks for: the one <see cref="RenderReport"/> stores and <see cref="NotifyProjectManager"/> attaches.</summary>
    public AssessmentReport Report(StageMessage message, DateTimeOffset now) =>
        AssessmentReport.Create(Procurement, Assessment, Profile, ShippedData.Catalog, message.Version, message.Verified, now);
}

public sealed class AssessmentLoader(AssessmentStore assessments, ProcurementStore procurements)
{
    /// <summary>Two point reads. Null when the assessment or its procurement does not exist.</summary>
    public async Task<AssessmentContext?> LoadAsync(string procurementId, string assessmentId, CancellationToken cancellationToken)
    {
        var stored = await assessments.FindAsync(procurementId, assessmentId, cancellationToken);
        if (stored is null)
        {
            return null;
        }
        var procurement = await procurements.FindAsync(stored.OwnerId, procurementId, cancellationToken);
        return procurement is null ? null : With(stored, procurement);
    }

    /// <summary>The template and profile of an assessment whose procurement is already at hand.</summary>
    public static AssessmentContext With(StoredAssessment stored, Procurement procurement) => new(
        stored, procurement,
        ShippedData.Template(stored.Assessment.TemplateKey)
            ?? throw new InvalidOperationException($"Template {stored.Assessment.TemplateKey} is not available."),
        ProfileOf(procurement));

    /// <summary>
    /// The procurement's pinned profile: the custom profile it carries, else the shipped version — as this procurement's
    /// own version when its project manager adjusted targets (<see cref="ProcurementTargets.PinnedProfile"/>).
    /// </summary>
    public static ConfidenceProfile ProfileOf(Procurement procurement) => ProcurementTargets.PinnedProfile(procurement);
}
