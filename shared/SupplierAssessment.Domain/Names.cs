using System.Globalization;
using System.Text;

namespace SupplierAssessment.Domain;

/// <summary>
/// The rule for every name a user gives (a procurement, a supplier, a profile, an evidence file): it is shown in pages,
/// reports and email subjects, so it may hold no control character (C0 such as CR/LF and TAB, DEL, C1: a line break
/// would reach a mail header), no Unicode line or paragraph separator (U+2028, U+2029: line breaks too), no invisible
/// formatting character (Unicode category Cf: U+200B, U+2060, U+FEFF, U+00AD, U+180E, the tag characters…) and so no
/// bidirectional formatting character (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069: they reorder what a reader
/// sees, as in "report‮fdp.exe"), no unassigned code point or noncharacter (U+FFFF, U+FDD0…) and no lone surrogate; and
/// it needs at least one character a reader can see (not only spaces or blank letters such as U+3164, U+2800). Unicode
/// letters of every script are welcome, and so are the joiners some scripts and emoji need (U+200C, U+200D).
/// Source: issue 13 ("Names and subjects"); Unicode TR#36 §2.1 (bidirectional text spoofing), §3 (invisible
/// characters); Unicode §5.8 (newlines). A fresh-user trial found names of invisible characters only.
/// </summary>
public static class Names
{
    /// <summary>The message for a name holding a character <see cref="IsShowable"/> refuses.</summary>
    public static LocalizedText HiddenCharacters { get; } = new(
        "A name needs a visible character and may not contain line breaks, tabs, control or invisible characters or text-direction marks.",
        "Un nom doit contenir un caractère visible et ne peut contenir ni saut de ligne, ni tabulation, ni caractère de contrôle ou invisible, ni marque de sens d'écriture.");

    /// <summary>True when every character of <paramref name="name"/> can be shown as it is and one can be seen (see the class summary).</summary>
    public static bool IsShowable(string name)
    {
        var visible = false;
        for (var i = 0; i < name.Length;)
        {
            if (Rune.DecodeFromUtf16(name.AsSpan(i), out var rune, out var length) != System.Buffers.OperationStatus.Done)
            {
                return false; // a lone surrogate
            }
            i += length;
            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.Format when rune.Value is 0x200C or 0x200D:
                    break;
                case UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                    or UnicodeCategory.ParagraphSeparator or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate:
                    return false;
                case UnicodeCategory.SpaceSeparator or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark:
                    break; // allowed, but not seen on their own: a mark sits on the letter before it
                default:
                    visible |= !IsBlank(rune.Value);
                    break;
            }
        }
        return visible;
    }

    /// <summary>Letters and symbols that draw nothing: the Hangul fillers and the blank braille pattern.</summary>
    private static bool IsBlank(int codePoint) => codePoint is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800;
}
