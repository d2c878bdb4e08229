namespace SupplierAssessment.Domain.Assessments;

/// <summary>A step the workflow does not allow now (e.g. saving answers after submit). The message is for the user.</summary>
public class WorkflowException(string message) : Exception(message);

/// <summary>
/// A list kept with an assessment is full (e.g. the evidence files of one question): the change would pass a bound
/// stated in <see cref="Message"/>, for the user. The app answers it with a 409 (nothing of the request is kept).
/// </summary>
public sealed class LimitExceededException(string message) : Exception(message);

/// <summary>
/// A cell's correction belongs to the expert who made it: another expert (assigned since) may neither replace nor remove
/// it. <see cref="Correction"/> names who made it, for the user's message; the app answers it with a 409 as any
/// <see cref="WorkflowException"/>.
/// </summary>
public sealed class CorrectionByAnotherExpertException(RatingOverride correction, string verb)
    : WorkflowException($"The correction of {correction.Cell} was made by {correction.ExpertId}: only they can {verb} it.")
{
    public RatingOverride Correction { get; } = correction;
}
