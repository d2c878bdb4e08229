namespace SupplierAssessment.Domain.Profiles;

/// <summary>Who carries out the actions of a process area (DESIGN §2.2 rule 7).</summary>
public enum Actor
{
    Supplier,
    ProjectManager,
    Expert,
}

public static class Actors
{
    public static IReadOnlyList<Actor> All { get; } = [Actor.Supplier, Actor.ProjectManager, Actor.Expert];

    /// <summary>The contract's spelling: supplier, projectManager, expert.</summary>
    public static string ToId(this Actor actor) => actor switch
    {
        Actor.Supplier => "supplier",
        Actor.ProjectManager => "projectManager",
        _ => "expert",
    };

    public static bool TryParse(string? id, out Actor actor)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToId(), id, StringComparison.Ordinal))
            {
                actor = candidate;
                return true;
            }
        }
        actor = default;
        return false;
    }
}
