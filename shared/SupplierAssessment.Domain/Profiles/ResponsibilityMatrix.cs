using SupplierAssessment.Domain.Grid;

namespace SupplierAssessment.Domain.Profiles;

/// <summary>The responsible actor of each process area: the default of DESIGN §2.2, which a profile may override per PA.</summary>
public sealed class ResponsibilityMatrix
{
    private readonly Actor[] _actors;

    private ResponsibilityMatrix(Actor[] actors) => _actors = actors;

    /// <summary>
    /// supplier: PA01 PA05 PA08 PA09 PA12 PA13 PA15 PA16 PA17 PA18 PA19 PA20 PA21 ·
    /// projectManager: PA02 PA07 PA10 PA14 PA22 · expert: PA03 PA04 PA06 PA11.
    /// </summary>
    public static ResponsibilityMatrix Default { get; } = new(DefaultActors());

    public Actor this[ProcessAreaId processArea] => _actors[processArea.Index];

    public ResponsibilityMatrix WithOverrides(IEnumerable<KeyValuePair<ProcessAreaId, Actor>> overrides)
    {
        var actors = (Actor[])_actors.Clone();
        foreach (var (processArea, actor) in overrides)
        {
            actors[processArea.Index] = actor;
        }
        return new ResponsibilityMatrix(actors);
    }

    /// <summary>The PAs whose actor differs from the default.</summary>
    public IReadOnlyDictionary<ProcessAreaId, Actor> Overrides =>
        ProcessAreaId.All.Where(pa => this[pa] != Default[pa]).ToDictionary(pa => pa, pa => this[pa]);

    private static Actor[] DefaultActors()
    {
        var actors = new Actor[ProcessAreaId.Count]; // Supplier unless listed below
        foreach (var number in new[] { 2, 7, 10, 14, 22 })
        {
            actors[number - 1] = Actor.ProjectManager;
        }
        foreach (var number in new[] { 3, 4, 6, 11 })
        {
            actors[number - 1] = Actor.Expert;
        }
        return actors;
    }
}
