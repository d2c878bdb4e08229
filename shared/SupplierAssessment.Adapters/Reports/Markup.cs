using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Reports;

namespace SupplierAssessment.Adapters.Reports;

/// <summary>What the HTML renderers share: encoding, number and date formats, letter colours, localized names.</summary>
internal static class Markup
{
    // Encodes < > & " ' and control characters but keeps accented letters readable (French names stay "Synthèse").
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>HTML-encodes any text: for element content and attribute values alike (also inside SVG).</summary>
    public static string E(string? text) => Encoder.Encode(text ?? "");

    /// <summary>"50.04 %" ("50,04 %" in French): the percentage as shown next to its letter, never contradicting it (<see cref="Rating.ShownPercent"/>).</summary>
    public static string Percent(Rating rating, string language = "en") => DecimalComma(rating.ShownPercent + " %", language);

    /// <summary>"F (100 %)", "L (50.04 %)" ("L (50,04 %)" in French): the domain's own spelling of a rating (<see cref="Rating.ToString"/>).</summary>
    public static string LetterAndPercent(Rating rating, string language = "en") => DecimalComma(rating.ToString(), language);

    /// <summary>A rating's text has one number: in French its decimal point becomes a comma.</summary>
    private static string DecimalComma(string rating, string language) => language == "fr" ? rating.Replace('.', ',') : rating;

    public static string IsoDate(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Cell fills readable with black text (contrast ≥ 4.5:1): N red-ish, P orange, L light green, F green.</summary>
    public static string Fill(RatingLetter letter) => letter switch
    {
        RatingLetter.N => "#f4a3a3",
        RatingLetter.P => "#f8c27c",
        RatingLetter.L => "#c9e7a7",
        _ => "#6cbf5a",
    };

    public const string NotCoveredFill = "#dcdcdc";
    public const string TextColour = "#111111";
    public const string TargetColour = "#1f3a93";

    public static string AlertLevelName(ConfidenceProfile profile, string alertLevel, string language) =>
        profile.AlertLevelName(alertLevel).In(language);

    public static string ActorName(Actor actor, ReportLabels labels) => actor switch
    {
        Actor.Supplier => labels.SupplierActor,
        Actor.ProjectManager => labels.ProjectManagerActor,
        _ => labels.ExpertActor,
    };

    /// <summary>Control characters (CR, LF …) become spaces: for email subjects and plain text.</summary>
    public static string SingleLine(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
        }
        return builder.ToString();
    }

    /// <summary>The verified rating of a cell and, when the expert changed it, the declared one.</summary>
    public static Rating? DeclaredIfChanged(AssessmentReport report, Cell cell) =>
        report.DeclaredRatings is { } declared && report.Overrides.Any(o => o.Cell == cell) ? declared[cell] : null;

    /// <summary>
    /// A download's file name: the supplier's name as typed ("Société « Hébergement »-rapport-v2.pdf", for
    /// <c>filename*</c>) and its ASCII fallback ("societe-hebergement-rapport-v2.pdf", for <c>filename</c>).
    /// </summary>
    public static DownloadName FileName(AssessmentReport report, string what, string extension) =>
        FileName(report.SupplierName, $"{what}-v{report.Version}.{extension}");

    /// <summary>
    /// A download's file name made of a name as typed (a supplier's, a procurement's) and a suffix ("comparison.xlsx"):
    /// characters no file system takes left out, at most 100 characters of the name; the ASCII fallback is a slug of it.
    /// </summary>
    public static DownloadName FileName(string typedName, string suffix)
    {
        var name = new StringBuilder();
        foreach (var c in typedName.Trim())
        {
            // Characters no file system takes, and controls, are left out; a run of spaces is one space.
            if (char.IsControl(c) || "/\\:*?\"<>|".Contains(c))
            {
                continue;
            }
            if (char.IsWhiteSpace(c))
            {
                if (name.Length > 0 && name[^1] != ' ')
                {
                    name.Append(' ');
                }
                continue;
            }
            name.Append(c);
        }
        var real = name.ToString().Trim(' ', '.');
        if (real.Length > 100)
        {
            real = real[..(char.IsHighSurrogate(real[99]) ? 99 : 100)].TrimEnd(' ', '.');
        }
        return new DownloadName(real.Length > 0 ? $"{real}-{suffix}" : suffix, AsciiFileName(typedName, suffix));
    }

    private static string AsciiFileName(string typedName, string suffix)
    {
        var slug = new StringBuilder();
        foreach (var c in AsciiLetters(typedName).ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }
        var name = slug.ToString(0, Math.Min(slug.Length, 60)).Trim('-');
        return $"{(name.Length > 0 ? name + "-" : "")}{suffix}";
    }

    /// <summary>Latin letters without their accents ("Brême Łódź" → "Breme Lodz") for file names; other letters are left for the caller to drop.</summary>
    private static string AsciiLetters(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c < 128 ? c.ToString() : AsciiSpellings.GetValueOrDefault(c, "-"));
        }
        return builder.ToString();
    }

    private static readonly Dictionary<char, string> AsciiSpellings = new[]
    {
        ("ÀÁÂÃÄÅĀĂĄ", "A"), ("àáâãäåāăą", "a"), ("ÇĆĈĊČ", "C"), ("çćĉċč", "c"), ("ÐĎĐ", "D"), ("ðďđ", "d"),
        ("ÈÉÊËĒĔĖĘĚ", "E"), ("èéêëēĕėęě", "e"), ("ĜĞĠĢ", "G"), ("ĝğġģ", "g"), ("ĤĦ", "H"), ("ĥħ", "h"),
        ("ÌÍÎÏĨĪĬĮİ", "I"), ("ìíîïĩīĭįı", "i"), ("Ĵ", "J"), ("ĵ", "j"), ("Ķ", "K"), ("ķ", "k"), ("ĹĻĽĿŁ", "L"), ("ĺļľŀł", "l"),
        ("ÑŃŅŇ", "N"), ("ñńņň", "n"), ("ÒÓÔÕÖØŌŎŐ", "O"), ("òóôõöøōŏő", "o"), ("ŔŖŘ", "R"), ("ŕŗř", "r"),
        ("ŚŜŞŠ", "S"), ("śŝşšß", "s"), ("ŢŤŦ", "T"), ("ţťŧ", "t"), ("ÙÚÛÜŨŪŬŮŰŲ", "U"), ("ùúûüũūŭůűų", "u"),
        ("Ŵ", "W"), ("ŵ", "w"), ("ÝŶŸ", "Y"), ("ýÿŷ", "y"), ("ŹŻŽ", "Z"), ("źżž", "z"), ("Æ", "AE"), ("Œ", "OE"), ("æ", "ae"), ("œ", "oe"),
    }.SelectMany(g => g.Item1.Select(c => (c, g.Item2))).ToDictionary(x => x.c, x => x.Item2);

    public static StringBuilder Line(this StringBuilder builder, string text) => builder.Append(text).Append('\n');
}

/// <summary>A download's name: as the reader would write it (<c>filename*</c>) and in ASCII for older clients (<c>filename</c>).</summary>
public sealed record DownloadName(string Unicode, string Ascii)
{
    /// <summary>
    /// An email attachment's name: the ASCII one, unless spelling it in ASCII dropped the whole of the supplier's name
    /// (Greek, Chinese…: "report-v1.pdf"), then as the reader writes it ("云计算有限公司-report-v1.pdf"; SendGrid encodes it).
    /// </summary>
    public string ForAttachment => Unicode.EndsWith("-" + Ascii, StringComparison.Ordinal) ? Unicode : Ascii;
}
