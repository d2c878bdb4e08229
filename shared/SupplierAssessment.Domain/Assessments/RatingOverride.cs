using SupplierAssessment.Domain.Grid;

namespace SupplierAssessment.Domain.Assessments;

/// <summary>An expert's correction of one cell after the on-site visit, with the evidence note that justifies it.</summary>
public sealed record RatingOverride(Cell Cell, Rating Rating, string Note, string ExpertId, DateTimeOffset At);
