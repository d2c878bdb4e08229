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

    /// <summary>The letter of the percentage's band: N 0–15, P &gt;15–50, L &gt;50–85, F &gt;85–100 (DESIGN §2.2 rule 1).</summary>
    public RatingLetter Letter => LetterOf(Percent);

    /// <summary>
    /// Whether a letter and this percentage say the same thing: the letter is the one of the percentage's band (DESIGN §2.2
    /// rule 1). A letter and a percentage given together for one cell must agree; 95 % never stands for N.
    /// </summary>
    public bool ReadsAs(RatingLetter letter) => Letter == letter;

    /// <summary>
    /// The percentage as shown next to its letter, without the "%" sign: a whole number when rounding keeps it in the
    /// letter's band, else the fewest decimals (one, then two) that do, so that a shown number never contradicts its letter
    /// (DESIGN §2.2 rule 1: 50 is P, anything above 50 is L). 50 → "50" (P), 50.04 → "50.04" (L), 50.5 → "51" (L),
    /// 15.04 → "15.04" (P), 85.4 → "85.4" (F). A percentage within 0.005 above a band's lower bound is rounded up to two
    /// decimals, into its band: 50.001 → "50.01" (L). Invariant culture ("." decimal point), as every report shows it.
    /// </summary>
    public string ShownPercent
    {
        get
        {
            for (var decimals = 0; decimals <= MaxShownDecimals; decimals++)
            {
                var shown = Math.Round(Percent, decimals, MidpointRounding.AwayFromZero);
                if (LetterOf(shown) == Letter)
                {
                    return Format(shown, decimals);
                }
            }
            // Only just above a band's lower bound (15, 50, 85), which is outside the band: round up, into it.
            var up = Math.Ceiling(Percent * 100) / 100;
            return Format(LetterOf(up) == Letter ? up : up + 0.01, MaxShownDecimals);
        }
    }

    private const int MaxShownDecimals = 2;

    private static string Format(double shown, int decimals) =>
        shown.ToString(decimals == 0 ? "0" : "0." + new string('0', decimals), CultureInfo.InvariantCulture);

    private static RatingLetter LetterOf(double percent) => percent switch
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

    /// <summary>A letter stands for a percentage that reads back as the same letter: N 0 (nothing), P 50, L 85, F 100 (the top of their bands).</summary>
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

    /// <summary>"L (50.04 %)": the letter and its <see cref="ShownPercent"/>, which never contradict each other (DESIGN §2.2 rule 1).</summary>
    public override string ToString() => $"{Letter} ({ShownPercent} %)";
}
