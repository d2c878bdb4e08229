namespace SupplierAssessment.Domain.Grid;

/// <summary>
/// The 264 cell ratings of one assessment. A cell that no answered question covers is "not covered":
/// it scores as N and goes on the on-site checklist (DESIGN §2.2 rule 8).
/// </summary>
public sealed class RatingGrid
{
    // Percent per cell index; NaN marks a cell not covered.
    private readonly double[] _percents;

    private RatingGrid(double[] percents) => _percents = percents;

    /// <summary>A grid where no cell is covered.</summary>
    public static RatingGrid Empty { get; } = new(Enumerable.Repeat(double.NaN, Cell.Count).ToArray());

    /// <summary>Builds a grid from explicit ratings; every cell not listed is not covered.</summary>
    public static RatingGrid From(IEnumerable<KeyValuePair<Cell, Rating>> ratings)
    {
        var percents = Enumerable.Repeat(double.NaN, Cell.Count).ToArray();
        foreach (var (cell, rating) in ratings)
        {
            percents[cell.Index] = rating.Percent;
        }
        return new RatingGrid(percents);
    }

    /// <summary>Takes ownership of a 264-long array of percentages (NaN = not covered).</summary>
    internal static RatingGrid FromPercents(double[] percents)
    {
        if (percents.Length != Cell.Count)
        {
            throw new ArgumentException($"A grid has {Cell.Count} cells.", nameof(percents));
        }
        return new RatingGrid(percents);
    }

    public Rating this[Cell cell] => IsCovered(cell) ? Rating.FromPercent(_percents[cell.Index]) : Rating.Zero;

    public bool IsCovered(Cell cell) => !double.IsNaN(_percents[cell.Index]);

    public bool IsAchieved(Cell cell) => _percents[cell.Index] > 50; // NaN compares false: not covered is not achieved

    /// <summary>The cells no answered question covers, in grid order: the on-site checklist.</summary>
    public IEnumerable<Cell> NotCoveredCells => Cell.All.Where(c => !IsCovered(c));

    /// <summary>The achieved common features of one process area, as bits in grid order.</summary>
    internal ushort AchievedMask(ProcessAreaId processArea)
    {
        ushort mask = 0;
        var row = processArea.Index * CommonFeature.Count;
        for (var i = 0; i < CommonFeature.Count; i++)
        {
            if (_percents[row + i] > 50)
            {
                mask |= (ushort)(1 << i);
            }
        }
        return mask;
    }

    /// <summary>
    /// The largest level k such that every common feature of levels 1..k is achieved; 0 if 1.1 is not
    /// (DESIGN §2.2 rule 3). A broken chain stops at the first level with a cell not achieved.
    /// </summary>
    public int AchievedLevel(ProcessAreaId processArea) => AchievedLevel(AchievedMask(processArea));

    internal static int AchievedLevel(ushort achievedMask)
    {
        var level = 0;
        while (level < CommonFeature.MaxLevel)
        {
            var needed = CommonFeature.MaskOfLevel(level + 1);
            if ((achievedMask & needed) != needed)
            {
                break;
            }
            level++;
        }
        return level;
    }

    /// <summary>A copy of this grid where the given cells carry new ratings (an expert's corrections).</summary>
    public RatingGrid With(IEnumerable<KeyValuePair<Cell, Rating>> overrides)
    {
        var percents = (double[])_percents.Clone();
        foreach (var (cell, rating) in overrides)
        {
            percents[cell.Index] = rating.Percent;
        }
        return new RatingGrid(percents);
    }

    /// <summary>Every covered cell with its rating, in grid order.</summary>
    public IEnumerable<KeyValuePair<Cell, Rating>> CoveredCells =>
        Cell.All.Where(IsCovered).Select(c => KeyValuePair.Create(c, this[c]));
}
