namespace SupplierAssessment.Domain.Grid;

/// <summary>A cell of the capability grid: one process area × one common feature (22 × 12 = 264 cells).</summary>
public readonly record struct Cell(ProcessAreaId ProcessArea, CommonFeature CommonFeature)
{
    public const int Count = ProcessAreaId.Count * CommonFeature.Count;

    /// <summary>0..263, row-major: process area, then common feature.</summary>
    public int Index => ProcessArea.Index * CommonFeature.Count + CommonFeature.Index;

    public int Level => CommonFeature.Level;

    public static Cell FromIndex(int index) =>
        new(ProcessAreaId.FromIndex(index / CommonFeature.Count), Grid.CommonFeature.All[index % CommonFeature.Count]);

    public static IEnumerable<Cell> All => Enumerable.Range(0, Count).Select(FromIndex);

    public override string ToString() => $"{ProcessArea.Id}/{CommonFeature.Id}";
}
