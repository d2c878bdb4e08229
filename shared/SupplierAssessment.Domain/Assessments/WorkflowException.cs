namespace SupplierAssessment.Domain.Assessments;

/// <summary>A step the workflow does not allow now (e.g. saving answers after submit). The message is for the user.</summary>
public sealed class WorkflowException(string message) : Exception(message);
