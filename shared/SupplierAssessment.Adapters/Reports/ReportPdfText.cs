using System.Globalization;
using System.Text;

namespace SupplierAssessment.Adapters.Reports;

/// <summary>
/// Makes any text drawable with the report PDF's embedded fonts (<see cref="ReportPdfFonts"/>), so that what users
/// typed never breaks the PDF: every letter the fonts have is drawn as itself (accents, ligatures, Greek, Cyrillic,
/// CJK through the fallback font); line breaks and other control characters become spaces, invisible format
/// characters (soft hyphen, zero-width joiners) are dropped, and a character no font has (an emoji) becomes a
/// visible box (<see cref="ReportPdfFonts.Missing"/>), one per character: never a question mark.
/// </summary>
internal static class ReportPdfText
{
    /// <summary>True when the fonts draw every character of <paramref name="text"/> as itself.</summary>
    public static bool IsDrawable(string text)
    {
        foreach (var c in text)
        {
            if (char.IsControl(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format
                || ReportPdfFonts.FaceFor(c, bold: false) is null)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The text with what the fonts cannot draw replaced as the class summary says.</summary>
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
            if (char.IsControl(c))
            {
                builder.Append(' ');
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++; // one box for one character
                builder.Append(ReportPdfFonts.Missing);
            }
            else if (char.IsSurrogate(c))
            {
                builder.Append(ReportPdfFonts.Missing);
            }
            else if (char.GetUnicodeCategory(c) == UnicodeCategory.Format)
            {
                // soft hyphen, zero-width space and joiners: nothing to draw
            }
            else if (ReportPdfFonts.FaceFor(c, bold: false) is not null)
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(char.IsWhiteSpace(c) ? ' ' : ReportPdfFonts.Missing);
            }
        }
        return builder.ToString();
    }
}
