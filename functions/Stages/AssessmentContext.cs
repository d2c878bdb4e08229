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
        AssessmentReport.Create(Procurement, Assessment, Profile, ShippedData.Catalog, message.Version, message.Verified, now)
            .WithEarlier(EarlierAssessmentFacts.Of(message.Version, Assessment.EarlierAssessment, Earlier));

    /// <summary>The supplier's confirmed earlier assessment (read by <see cref="AssessmentLoader.LoadAsync"/> only when one is linked), else null.</summary>
    public Assessment? Earlier { get; init; }
}

public sealed class AssessmentLoader(AssessmentStore assessments, ProcurementStore procurements, EarlierAssessments earlier)
{
    /// <summary>Two point reads (three when an earlier assessment is linked). Null when the assessment or its procurement does not exist.</summary>
    public async Task<AssessmentContext?> LoadAsync(string procurementId, string assessmentId, CancellationToken cancellationToken)
    {
        var stored = await assessments.FindAsync(procurementId, assessmentId, cancellationToken);
        if (stored is null)
        {
            return null;
        }
        var procurement = await procurements.FindAsync(stored.OwnerId, procurementId, cancellationToken);
        if (procurement is null)
        {
            return null;
        }
        // One point read more, only when the project manager confirmed an earlier assessment of this supplier.
        return stored.Assessment.EarlierAssessment is null
            ? With(stored, procurement)
            : With(stored, procurement) with { Earlier = await earlier.ConfirmedAsync(stored.OwnerId, stored.Assessment, cancellationToken) };
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
