using SupplierAssessment.Domain.Catalog;
using SupplierAssessment.Domain.Gap;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;

namespace SupplierAssessment.Domain.ActionPlans;

/// <summary>One missing cell to put in place: who does it, what to do (generic practices) and, for PA01–PA11, how (base practices).</summary>
public sealed record ActionItem(
    Actor Actor,
    ProcessAreaInfo ProcessArea,
    CommonFeatureInfo CommonFeature,
    Rating CurrentRating,
    bool Covered,
    int Achieved,
    int Target,
    bool ClosesLevel)
{
    public Cell Cell => new(ProcessArea.Id, CommonFeature.Id);

    /// <summary>The level this action helps the process area reach.</summary>
    public int Level => CommonFeature.Id.Level;

    public IReadOnlyList<GenericPractice> GenericPractices => CommonFeature.GenericPractices;

    /// <summary>Base practices as guidance: the security PAs (PA01–PA11) only, as the catalog ships them.</summary>
    public IReadOnlyList<BasePractice> BasePractices => ProcessArea.BasePractices;
}

/// <summary>
/// The action plan at one alert level: one item per missing cell, split between supplier, project manager and expert.
/// Items that close the next level of a process area come first — the cheapest steps to a higher level first.
/// </summary>
public sealed class ActionPlan
{
    private ActionPlan(string alertLevel, IReadOnlyList<ActionItem> items)
    {
        AlertLevel = alertLevel;
        Items = items;
    }

    public string AlertLevel { get; }

    public IReadOnlyList<ActionItem> Items { get; }

    public int Total => Items.Count;

    public int TotalFor(Actor actor) => Items.Count(i => i.Actor == actor);

    public IEnumerable<ActionItem> For(Actor actor) => Items.Where(i => i.Actor == actor);

    public static ActionPlan For(AlertLevelGap gap, RatingGrid ratings, ModelCatalog catalog)
    {
        var items = new List<(ActionItem Item, int Step, int StepSize)>();
        foreach (var pa in gap.ProcessAreas)
        {
            var missing = pa.Missing.ToArray();
            foreach (var cf in missing)
            {
                var cell = new Cell(pa.ProcessArea, cf);
                // Steps count from the achieved level: step 1 is the next level up.
                var step = cf.Level - pa.Achieved;
                var stepSize = missing.Count(m => m.Level == cf.Level);
                var closesLevel = cf.Level == pa.Achieved + 1;
                items.Add((new ActionItem(
                    pa.Actor, catalog[pa.ProcessArea], catalog[cf], ratings[cell], ratings.IsCovered(cell),
                    pa.Achieved, pa.Target, closesLevel), step, stepSize));
            }
        }
        var ordered = items
            .OrderBy(i => i.Step)
            .ThenBy(i => i.StepSize)
            .ThenBy(i => i.Item.ProcessArea.Id)
            .ThenBy(i => i.Item.CommonFeature.Id)
            .Select(i => i.Item)
            .ToArray();
        return new ActionPlan(gap.AlertLevel, ordered);
    }
}
