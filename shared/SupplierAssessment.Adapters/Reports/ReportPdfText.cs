using System.Buffers;
using System.Text;

namespace SupplierAssessment.Adapters.Reports;

/// <summary>
/// Makes any text drawable with the PDF's standard-14 fonts, so that what users typed never breaks the PDF.
/// </summary>
/// <remarks>
/// PdfPig 0.1.16 writes its standard-14 fonts with <c>/StandardEncoding</c>, not WinAnsi: that encoding has no accented
/// letters at all (PdfPig draws "é" as "Ø" and throws on "€"). So only ASCII and the few characters below are drawn as
/// themselves; accented Latin letters lose their accent ("Évaluer" → "Evaluer"), a few symbols get an ASCII spelling,
/// and anything else (CJK, emoji, ✓ …) becomes '?'. A test checks every drawable character reads back unchanged.
/// </remarks>
internal static class ReportPdfText
{
    /// <summary>The characters besides printable ASCII that the standard-14 fonts draw as themselves.</summary>
    public const string DrawableExtras = "¡¢£¤¥§¨ª«¯´¶·¸º»¿ÆØßæøıŁłŒœ–—‘’‚“”„†‡•…‰‹›ƒˆ˜˘˙˚˛˝ˇ⁄";

    private static readonly SearchValues<char> DrawableCharacters = SearchValues.Create(
        string.Concat(Enumerable.Range(0x20, 0x7F - 0x20).Select(c => (char)c)) + DrawableExtras);

    private static readonly Dictionary<char, string> Spellings = Build(
        ("ÀÁÂÃÄÅĀĂĄ", "A"), ("àáâãäåāăą", "a"), ("ÇĆĈĊČ", "C"), ("çćĉċč", "c"), ("ÐĎĐ", "D"), ("ðďđ", "d"),
        ("ÈÉÊËĒĔĖĘĚ", "E"), ("èéêëēĕėęě", "e"), ("ĜĞĠĢ", "G"), ("ĝğġģ", "g"), ("ĤĦ", "H"), ("ĥħ", "h"),
        ("ÌÍÎÏĨĪĬĮİ", "I"), ("ìíîïĩīĭį", "i"), ("Ĵ", "J"), ("ĵ", "j"), ("Ķ", "K"), ("ķĸ", "k"), ("ĹĻĽĿ", "L"), ("ĺļľŀ", "l"),
        ("ÑŃŅŇŊ", "N"), ("ñńņňŉŋ", "n"), ("ÒÓÔÕÖŌŎŐ", "O"), ("òóôõöōŏő", "o"), ("ŔŖŘ", "R"), ("ŕŗř", "r"),
        ("ŚŜŞŠ", "S"), ("śŝşšſ", "s"), ("ŢŤŦ", "T"), ("ţťŧ", "t"), ("ÙÚÛÜŨŪŬŮŰŲ", "U"), ("ùúûüũūŭůűų", "u"),
        ("Ŵ", "W"), ("ŵ", "w"), ("ÝŶŸ", "Y"), ("ýÿŷ", "y"), ("ŹŻŽ", "Z"), ("źżž", "z"),
        ("Þ", "Th"), ("þ", "th"), ("Ĳ", "IJ"), ("ĳ", "ij"),
        ("\u00A0\u2002\u2003\u2007\u2009\u202F\t", " "), ("\u00AD\u200B\u200C\u200D\uFEFF", ""),
        ("‐‑‒―−", "-"), ("©", "(c)"), ("®", "(R)"), ("™", "TM"), ("€", "EUR"), ("×", "x"), ("÷", "/"), ("±", "+/-"),
        ("°", "o"), ("µ", "u"), ("¹", "1"), ("²", "2"), ("³", "3"), ("¼", "1/4"), ("½", "1/2"), ("¾", "3/4"),
        ("¦", "|"), ("¬", "-"), ("→", "->"), ("←", "<-"), ("≤", "<="), ("≥", ">="), ("≠", "!="), ("Δ", "delta"));

    /// <summary>True when the fonts draw every character of <paramref name="text"/> as itself.</summary>
    public static bool IsDrawable(string text) => !text.AsSpan().ContainsAnyExcept(DrawableCharacters);

    /// <summary>
    /// The text with every character the fonts cannot draw spelled in ASCII or replaced by '?' (one per character,
    /// surrogate pairs included); line breaks and other control characters become spaces.
    /// </summary>
    public static string ToDrawable(string? text)
    {
        if (string.IsNullOrEmpty(text) || IsDrawable(text))
        {
            return text ?? "";
        }
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (DrawableCharacters.Contains(c))
            {
                builder.Append(c);
            }
            else if (Spellings.TryGetValue(c, out var spelling))
            {
                builder.Append(spelling);
            }
            else if (char.IsControl(c))
            {
                builder.Append(' ');
            }
            else
            {
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++; // one mark for one character
                }
                builder.Append('?');
            }
        }
        return builder.ToString();
    }

    private static Dictionary<char, string> Build(params (string Characters, string Spelling)[] groups)
    {
        var spellings = new Dictionary<char, string>();
        foreach (var (characters, spelling) in groups)
        {
            foreach (var c in characters)
            {
                spellings.Add(c, spelling);
            }
        }
        return spellings;
    }
}
