namespace SupplierAssessment.Domain.Assessments;

/// <summary>invited → inProgress → submitted → scored → reported → underReview → final, plus expired and withdrawn (DESIGN §3).</summary>
public enum AssessmentState
{
    Invited,
    InProgress,
    Submitted,
    Scored,
    Reported,
    UnderReview,
    Final,
    Expired,
    Withdrawn,
}

public static class AssessmentStates
{
    /// <summary>The contract's spelling: invited, inProgress, underReview …</summary>
    public static string ToId(this AssessmentState state)
    {
        var name = state.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    public static bool TryParse(string? id, out AssessmentState state) =>
        Enum.TryParse(id, ignoreCase: true, out state) && Enum.IsDefined(state);

    /// <summary>The supplier may still change answers.</summary>
    public static bool IsOpenForAnswers(this AssessmentState state) => state is AssessmentState.Invited or AssessmentState.InProgress;
}
