using System.Diagnostics.CodeAnalysis;

namespace SupplierAssessment.Domain.Grid;

/// <summary>
/// One of the 12 SSE-CMM common features, in grid order:
/// level 1: 1.1 · level 2: 2.1 2.2 2.3 2.4 · level 3: 3.1 3.2 3.3 · level 4: 4.1 4.2 · level 5: 5.1 5.2.
/// </summary>
public readonly record struct CommonFeature : IComparable<CommonFeature>
{
    public const int Count = 12;
    public const int MaxLevel = 5;

    private static readonly string[] Ids = ["1.1", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "4.1", "4.2", "5.1", "5.2"];

    private CommonFeature(int index) => Index = index;

    /// <summary>0..11, the common feature's column in the grid (grid order).</summary>
    public int Index { get; }

    public string Id => Ids[Index];

    /// <summary>The capability level (1..5) this common feature belongs to.</summary>
    public int Level => Id[0] - '0';

    /// <summary>A bit per common feature, in grid order: used for compact sets of cells of one process area.</summary>
    internal ushort Bit => (ushort)(1 << Index);

    public static IReadOnlyList<CommonFeature> All { get; } =
        Enumerable.Range(0, Count).Select(i => new CommonFeature(i)).ToArray();

    /// <summary>The common features of levels 1..level, in grid order (the required cells of a target).</summary>
    public static IEnumerable<CommonFeature> UpToLevel(int level) => All.Where(cf => cf.Level <= level);

    /// <summary>The common features of exactly this level.</summary>
    public static IEnumerable<CommonFeature> OfLevel(int level) => All.Where(cf => cf.Level == level);

    /// <summary>The set of common features of levels 1..level, as bits.</summary>
    internal static ushort MaskUpToLevel(int level) => level switch
    {
        <= 0 => 0,
        1 => 0b1,
        2 => 0b1_1111,
        3 => 0b1111_1111,
        4 => 0b11_1111_1111,
        _ => 0b1111_1111_1111,
    };

    internal static ushort MaskOfLevel(int level) => (ushort)(MaskUpToLevel(level) & ~MaskUpToLevel(level - 1));

    internal static IEnumerable<CommonFeature> FromMask(ushort mask) => All.Where(cf => (mask & cf.Bit) != 0);

    public static bool TryParse([NotNullWhen(true)] string? text, out CommonFeature feature)
    {
        feature = default;
        var index = Array.IndexOf(Ids, text);
        if (index < 0)
        {
            return false;
        }
        feature = All[index];
        return true;
    }

    public static CommonFeature Parse(string text) =>
        TryParse(text, out var cf) ? cf : throw new FormatException($"'{text}' is not a common feature id (1.1, 2.1 … 5.2).");

    public int CompareTo(CommonFeature other) => Index.CompareTo(other.Index);

    public override string ToString() => Id;
}
