using System.Globalization;

namespace SupplierAssessment.Adapters;

/// <summary>
/// How a reader's language writes what the product's texts put together: dates in words ("30 November 2026",
/// "30 novembre 2026"), the French decimal comma, and the narrow no-break spaces French puts before <c>: ; ? !</c> and
/// inside « ». English keeps its decimal point. The one place these rules live; texts are written with plain spaces.
/// </summary>
public static partial class Typography
{
    /// <summary>The narrow no-break space (U+202F) of French typography.</summary>
    public const char NarrowSpace = '\u202F';

    // The app runs in globalization-invariant mode (no ICU data): French month names are the product's own.
    private static readonly string[] FrenchMonths =
        ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

    /// <summary>A calendar date (UTC) in words: "30 November 2026" in English, "30 novembre 2026" in French ("1er" for the first).</summary>
    public static string Date(DateTimeOffset at, string language)
    {
        var day = at.UtcDateTime;
        return language == "fr"
            ? $"{(day.Day == 1 ? "1er" : day.Day.ToString(CultureInfo.InvariantCulture))} {FrenchMonths[day.Month - 1]} {day.Year.ToString(CultureInfo.InvariantCulture)}"
            : day.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
    }

    /// <summary>A calendar date in words, as <see cref="Date(DateTimeOffset, string)"/> writes it.</summary>
    public static string Date(DateOnly day, string language) =>
        Date(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), language);

    /// <summary>
    /// A due date with its zone: "24 December 2026 (end of day, Europe/Paris time)",
    /// "24 décembre 2026 (fin de journée, fuseau horaire Europe/Paris)".
    /// </summary>
    public static string DueDate(DateOnly day, string timeZone, string language) => language == "fr"
        ? $"{Date(day, language)} (fin de journée, fuseau horaire {timeZone})"
        : $"{Date(day, language)} (end of day, {timeZone} time)";

    /// <summary>
    /// Whether a count takes the singular: only 1 in English ("0 actions", "1 action"), 0 and 1 in French ("0 action",
    /// "1 action", "2 actions").
    /// </summary>
    public static bool IsSingular(long count, string language) => language == "fr" ? count is 0 or 1 or -1 : count is 1 or -1;

    /// <summary>A number with up to <paramref name="decimals"/> decimals: "12.5" in English, "12,5" in French.</summary>
    public static string Number(double value, string language, int decimals = 1)
    {
        var text = Math.Round(value, decimals).ToString("0." + new string('#', decimals), CultureInfo.InvariantCulture);
        return language == "fr" ? text.Replace('.', ',') : text;
    }

    /// <summary>
    /// French "de" before a name, elided before a vowel: "d'Alpha Hosting", "d'Éole", but "de Beta Hosting" (an "h" is
    /// left unelided: the product cannot tell "l'hôtel" from "la Hollande").
    /// </summary>
    public static string De(string name)
    {
        var first = name.TrimStart().FirstOrDefault();
        var elides = char.IsLetter(first) && "aeiouyàâäéèêëîïôöùûüÿæœ".Contains(char.ToLowerInvariant(first), StringComparison.Ordinal);
        return (elides ? "d'" : "de ") + name;
    }

    /// <summary>
    /// A product text made typographically French: the space before <c>: ; ? !</c> and inside « » becomes a narrow
    /// no-break space (added when missing), so a line never breaks before the sign. English text is returned as is.
    /// </summary>
    public static string Punctuate(string text, string language)
    {
        if (language != "fr" || text.Length == 0)
        {
            return text;
        }
        var result = new System.Text.StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var isHigh = c is ':' or ';' or '?' or '!' or '»';
            if (c == ';' && EndsWithEntityName(result))
            {
                isHigh = false; // "&amp;" in HTML text is one character, not a semicolon
            }
            // "http://", "10:30" and "?!" stay as they are: a sign gets its space only after a letter, a closing
            // sign or a space.
            if (isHigh && result.Length > 0 && (c == '»' || i + 1 == text.Length || text[i + 1] is ' ' or '\n' or '\r' or '"' or ')' or '<'))
            {
                var last = result.Length - 1;
                if (result[last] == ' ' || result[last] == '\u00A0')
                {
                    result[last] = NarrowSpace;
                }
                else if (char.IsLetterOrDigit(result[last]) || result[last] is ')' or '»' or '"')
                {
                    result.Append(NarrowSpace);
                }
            }
            result.Append(c);
            if (c == '«')
            {
                if (i + 1 < text.Length && text[i + 1] is ' ' or '\u00A0')
                {
                    i++;
                }
                result.Append(NarrowSpace);
            }
        }
        return result.ToString();
    }

    /// <summary>
    /// <see cref="Punctuate"/> for an HTML document: the text between tags and the <c>title</c>, <c>aria-label</c>,
    /// <c>alt</c> and <c>placeholder</c> attributes a reader sees or hears; markup, styles, scripts and what a reader typed in a
    /// <c>textarea</c> are left exactly as they are. Guillemets and no-break spaces written as character references
    /// (as Razor's default encoder writes them: <c>&amp;#xAB;</c>) are read as the characters they stand for.
    /// </summary>
    public static string PunctuateHtml(string html, string language)
    {
        if (language != "fr")
        {
            return html;
        }
        html = html.Replace("&#xAB;", "«", StringComparison.Ordinal).Replace("&#xBB;", "»", StringComparison.Ordinal)
            .Replace("&#xA0;", "\u00A0", StringComparison.Ordinal);
        var result = new System.Text.StringBuilder(html.Length + 256);
        var i = 0;
        var afterInline = false;
        void Text(string text)
        {
            // "<a>Réseaux</a>: 2 questions": the sign after an inline element's end gets its space too.
            if (afterInline && text.Length > 0 && text[0] is ':' or ';' or '?' or '!' && (text.Length == 1 || char.IsWhiteSpace(text[1])))
            {
                result.Append(NarrowSpace);
            }
            result.Append(Punctuate(text, language));
        }
        while (i < html.Length)
        {
            var tagStart = html.IndexOf('<', i);
            if (tagStart < 0)
            {
                Text(html[i..]);
                break;
            }
            Text(html[i..tagStart]);
            var tagEnd = html.IndexOf('>', tagStart);
            if (tagEnd < 0)
            {
                result.Append(html, tagStart, html.Length - tagStart);
                break;
            }
            var tag = html[tagStart..(tagEnd + 1)];
            afterInline = InlineEnd().IsMatch(tag);
            result.Append(VisibleAttributes().Replace(tag, m => m.Groups[1].Value + Punctuate(m.Groups[2].Value, language) + "\""));
            i = tagEnd + 1;
            foreach (var raw in RawElements)
            {
                if (tag.StartsWith("<" + raw, StringComparison.OrdinalIgnoreCase))
                {
                    var close = html.IndexOf("</" + raw, i, StringComparison.OrdinalIgnoreCase);
                    var end = close < 0 ? html.Length : close;
                    result.Append(html, i, end - i);
                    i = end;
                }
            }
        }
        return result.ToString();
    }

    private static readonly string[] RawElements = ["style", "script", "textarea"];

    [System.Text.RegularExpressions.GeneratedRegex("^</(?:a|abbr|b|code|em|i|span|strong|time)>$", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex InlineEnd();

    [System.Text.RegularExpressions.GeneratedRegex("((?:title|aria-label|alt|placeholder)=\")([^\"]*)\"")]
    private static partial System.Text.RegularExpressions.Regex VisibleAttributes();

    private static bool EndsWithEntityName(System.Text.StringBuilder text)
    {
        for (var i = text.Length - 1; i >= 0 && text.Length - i <= 10; i--)
        {
            if (text[i] == '&')
            {
                return i < text.Length - 1;
            }
            if (!char.IsAsciiLetterOrDigit(text[i]) && text[i] != '#')
            {
                return false;
            }
        }
        return false;
    }
}
