using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;

namespace SupplierAssessment.Domain.Tests;

/// <summary>Test data in the users' words: "PA01 1.1 F".</summary>
internal static class Builders
{
    public static Cell Cell(string processArea, string commonFeature) =>
        new(ProcessAreaId.Parse(processArea), CommonFeature.Parse(commonFeature));

    /// <summary>Ratings from ("PA01", "1.1", "F") or ("PA01", "2.2", "40") triples; every other cell not covered.</summary>
    public static RatingGrid Ratings(params (string ProcessArea, string CommonFeature, string Rating)[] cells) =>
        RatingGrid.From(cells.Select(c =>
        {
            Assert.True(Rating.TryParse(c.Rating, out var rating), $"bad test rating {c.Rating}");
            return KeyValuePair.Create(Cell(c.ProcessArea, c.CommonFeature), rating);
        }));

    /// <summary>Every listed PA fully achieved up to its level (F), nothing above.</summary>
    public static RatingGrid GridAtLevels(IReadOnlyDictionary<string, int> levels) =>
        RatingGrid.From(levels.SelectMany(l => CommonFeature.UpToLevel(l.Value)
            .Select(cf => KeyValuePair.Create(new Cell(ProcessAreaId.Parse(l.Key), cf), Rating.FromLetter(RatingLetter.F)))));

    public static ConfidenceProfile Profile(IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> targets, params (string ProcessArea, Actor Actor)[] overrides) =>
        new("test", 1, new LocalizedText("Test", "Test"), targets.Keys.ToArray(),
            targets.ToDictionary(t => t.Key, t => (IReadOnlyDictionary<ProcessAreaId, int>)t.Value.ToDictionary(x => ProcessAreaId.Parse(x.Key), x => x.Value)),
            ResponsibilityMatrix.Default.WithOverrides(overrides.Select(o => KeyValuePair.Create(ProcessAreaId.Parse(o.ProcessArea), o.Actor))));

    public static ConfidenceProfile Profile(string alertLevel, IReadOnlyDictionary<string, int> targets, params (string ProcessArea, Actor Actor)[] overrides) =>
        Profile(new Dictionary<string, IReadOnlyDictionary<string, int>> { [alertLevel] = targets }, overrides);
}
