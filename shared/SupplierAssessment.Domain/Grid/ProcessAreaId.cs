using System.Diagnostics.CodeAnalysis;

namespace SupplierAssessment.Domain.Grid;

/// <summary>One of the 22 SSE-CMM process areas, PA01..PA22.</summary>
public readonly record struct ProcessAreaId : IComparable<ProcessAreaId>
{
    public const int Count = 22;

    private ProcessAreaId(int number) => Number = number;

    /// <summary>1..22.</summary>
    public int Number { get; }

    /// <summary>0..21, the PA's row in the grid.</summary>
    public int Index => Number - 1;

    public string Id => Number < 10 ? "PA0" + Number : "PA" + Number;

    /// <summary>PA01–PA11 are the security engineering process areas.</summary>
    public bool IsSecurityEngineering => Number <= 11;

    public static IReadOnlyList<ProcessAreaId> All { get; } =
        Enumerable.Range(1, Count).Select(n => new ProcessAreaId(n)).ToArray();

    public static ProcessAreaId FromIndex(int index) => All[index];

    public static bool TryParse([NotNullWhen(true)] string? text, out ProcessAreaId id)
    {
        id = default;
        if (text is not { Length: 4 } || !text.StartsWith("PA", StringComparison.Ordinal)
            || !char.IsAsciiDigit(text[2]) || !char.IsAsciiDigit(text[3]))
        {
            return false;
        }
        var number = (text[2] - '0') * 10 + (text[3] - '0');
        if (number is < 1 or > Count)
        {
            return false;
        }
        id = All[number - 1];
        return true;
    }

    public static ProcessAreaId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException($"'{text}' is not a process area id (PA01..PA22).");

    public int CompareTo(ProcessAreaId other) => Number.CompareTo(other.Number);

    public override string ToString() => Id;
}
