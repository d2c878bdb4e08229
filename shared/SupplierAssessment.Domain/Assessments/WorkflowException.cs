namespace SupplierAssessment.Domain.Assessments;

/// <summary>A step the workflow does not allow now (e.g. saving answers after submit). The message is for the user.</summary>
public sealed class WorkflowException(string message) : Exception(message);

/// <summary>
/// A list kept with an assessment is full (e.g. the evidence files of one question): the change would pass a bound
/// stated in <see cref="Message"/>, for the user. The app answers it with a 409 (nothing of the request is kept).
/// </summary>
public sealed class LimitExceededException(string message) : Exception(message);
