using System.Globalization;

namespace SupplierAssessment.Domain.Grid;

/// <summary>The ISO/IEC 33020 achievement letter of a rating.</summary>
public enum RatingLetter
{
    /// <summary>Not achieved: 0–15 %.</summary>
    N,
    /// <summary>Partially achieved: &gt;15–50 %.</summary>
    P,
    /// <summary>Largely achieved: &gt;50–85 %.</summary>
    L,
    /// <summary>Fully achieved: &gt;85–100 %.</summary>
    F,
}

/// <summary>A cell's rating: an achievement percentage 0–100, shown as N/P/L/F (DESIGN §2.2 rules 1–2).</summary>
public readonly record struct Rating
{
    private Rating(double percent) => Percent = percent;

    public double Percent { get; }

    public static Rating Zero { get; } = new(0);

    public RatingLetter Letter => Percent switch
    {
        <= 15 => RatingLetter.N,
        <= 50 => RatingLetter.P,
        <= 85 => RatingLetter.L,
        _ => RatingLetter.F,
    };

    /// <summary>A cell is achieved when its rating is L or F (&gt; 50 %).</summary>
    public bool IsAchieved => Percent > 50;

    public static bool IsValidPercent(double percent) => percent is >= 0 and <= 100 && !double.IsNaN(percent);

    public static Rating FromPercent(double percent) =>
        IsValidPercent(percent)
            ? new Rating(percent)
            : throw new ArgumentOutOfRangeException(nameof(percent), percent, "A rating is a percentage from 0 to 100.");

    /// <summary>A letter stands for the top of its band: N 15, P 50, L 85, F 100, so it reads back as the same letter.</summary>
    public static Rating FromLetter(RatingLetter letter) => new(letter switch
    {
        RatingLetter.N => 0,
        RatingLetter.P => 50,
        RatingLetter.L => 85,
        _ => 100,
    });

    /// <summary>Reads "N", "P", "L", "F" (any case) or a number 0–100.</summary>
    public static bool TryParse(string? text, out Rating rating)
    {
        rating = default;
        if (text is null)
        {
            return false;
        }
        var trimmed = text.Trim();
        if (trimmed.Length == 1 && Enum.TryParse<RatingLetter>(trimmed, ignoreCase: true, out var letter) && !char.IsDigit(trimmed[0]))
        {
            rating = FromLetter(letter);
            return true;
        }
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var percent) && IsValidPercent(percent))
        {
            rating = new Rating(percent);
            return true;
        }
        return false;
    }

    public override string ToString() => $"{Letter} ({Percent.ToString("0.#", CultureInfo.InvariantCulture)} %)";
}
