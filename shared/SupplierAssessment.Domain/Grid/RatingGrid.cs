namespace SupplierAssessment.Domain.Grid;

/// <summary>
/// The 264 cell ratings of one assessment. A cell that no answered question covers is "not covered":
/// it scores as N and goes on the on-site checklist (DESIGN §2.2 rule 8). A cell whose answers all claim "not
/// applicable" is <b>not applicable</b> (NA, DESIGN §2.2 rule 9): it has no rating, is never a missing or exceeding
/// point, and counts as achieved for its process area's achieved level.
/// </summary>
public sealed class RatingGrid
{
    // Percent per cell index; NaN marks a cell not covered, NotApplicableMark a cell not applicable.
    private readonly double[] _percents;

    /// <summary>The value that marks a not-applicable cell in the percent array (no rating is negative).</summary>
    internal const double NotApplicableMark = -1;

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

    /// <summary>
    /// Builds a grid from explicit ratings and the cells that are not applicable (DESIGN §2.2 rule 9, e.g. <c>"NA"</c> in
    /// <c>/api/gap</c>); a cell both rated and listed as NA is rated (a rating rejects the claim). Every other cell is not covered.
    /// </summary>
    public static RatingGrid From(IEnumerable<KeyValuePair<Cell, Rating>> ratings, IEnumerable<Cell> notApplicable)
    {
        var percents = Enumerable.Repeat(double.NaN, Cell.Count).ToArray();
        foreach (var cell in notApplicable)
        {
            percents[cell.Index] = NotApplicableMark;
        }
        foreach (var (cell, rating) in ratings)
        {
            percents[cell.Index] = rating.Percent;
        }
        return new RatingGrid(percents);
    }

    /// <summary>Takes ownership of a 264-long array of percentages (NaN = not covered, <see cref="NotApplicableMark"/> = NA).</summary>
    internal static RatingGrid FromPercents(double[] percents)
    {
        if (percents.Length != Cell.Count)
        {
            throw new ArgumentException($"A grid has {Cell.Count} cells.", nameof(percents));
        }
        return new RatingGrid(percents);
    }

    /// <summary>The cell's rating; <see cref="Rating.Zero"/> for a cell not covered or not applicable (check <see cref="IsRated"/>).</summary>
    public Rating this[Cell cell] => IsRated(cell) ? Rating.FromPercent(_percents[cell.Index]) : Rating.Zero;

    /// <summary>Whether some answer covers the cell: it is rated, or the answers claim it is not applicable (DESIGN §2.2 rules 8–9).</summary>
    public bool IsCovered(Cell cell) => !double.IsNaN(_percents[cell.Index]);

    /// <summary>Whether the cell carries a rating (covered and not NA).</summary>
    public bool IsRated(Cell cell) => _percents[cell.Index] >= 0; // NaN compares false

    /// <summary>Whether the cell is not applicable (DESIGN §2.2 rule 9): every answer that covers it claims N/A, and no expert rated it.</summary>
    public bool IsNotApplicable(Cell cell) => _percents[cell.Index] == NotApplicableMark;

    /// <summary>Whether the cell's rating is achieved (L or F, &gt; 50 %); a not-applicable cell is not "achieved" here, see <see cref="AchievedLevel(ProcessAreaId)"/>.</summary>
    public bool IsAchieved(Cell cell) => _percents[cell.Index] > 50; // NaN compares false: not covered is not achieved

    /// <summary>The cells no answered question covers, in grid order: the on-site checklist.</summary>
    public IEnumerable<Cell> NotCoveredCells => Cell.All.Where(c => !IsCovered(c));

    /// <summary>The not-applicable cells, in grid order (DESIGN §2.2 rule 9): the N/A claims of the on-site checklist.</summary>
    public IEnumerable<Cell> NotApplicableCells => Cell.All.Where(IsNotApplicable);

    /// <summary>The not-applicable common features of one process area, as bits in grid order.</summary>
    internal ushort NotApplicableMask(ProcessAreaId processArea)
    {
        ushort mask = 0;
        var row = processArea.Index * CommonFeature.Count;
        for (var i = 0; i < CommonFeature.Count; i++)
        {
            if (_percents[row + i] == NotApplicableMark)
            {
                mask |= (ushort)(1 << i);
            }
        }
        return mask;
    }

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
    /// The largest level k such that every common feature of levels 1..k is achieved or not applicable; 0 if 1.1 is
    /// neither (DESIGN §2.2 rules 3 and 9). A broken chain stops at the first level with a cell not achieved.
    /// </summary>
    public int AchievedLevel(ProcessAreaId processArea) =>
        AchievedLevel((ushort)(AchievedMask(processArea) | NotApplicableMask(processArea)));

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

    /// <summary>
    /// A copy of this grid where the given cells carry new ratings (an expert's corrections); rating a not-applicable
    /// cell rejects its N/A claim (DESIGN §2.2 rule 9).
    /// </summary>
    public RatingGrid With(IEnumerable<KeyValuePair<Cell, Rating>> overrides)
    {
        var percents = (double[])_percents.Clone();
        foreach (var (cell, rating) in overrides)
        {
            percents[cell.Index] = rating.Percent;
        }
        return new RatingGrid(percents);
    }

    /// <summary>Every rated cell with its rating, in grid order (not-applicable cells have none: <see cref="NotApplicableCells"/>).</summary>
    public IEnumerable<KeyValuePair<Cell, Rating>> CoveredCells =>
        Cell.All.Where(IsRated).Select(c => KeyValuePair.Create(c, this[c]));
}
