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
/// characters); Unicode §5.8 (newlines); Default_Ignorable_Code_Point (Unicode §5.21). Fresh-user trials found names
/// of invisible characters only, and names that look like another through fillers and joiners inside them.
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
                case var _ when IsIgnorable(rune.Value):
                    return false;
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

    /// <summary>
    /// Default-ignorable code points that are not format characters (Unicode's Default_Ignorable_Code_Point, DerivedCoreProperties):
    /// the combining grapheme joiner, the Hangul fillers, the Khmer inherent vowels, the Mongolian free variation selectors,
    /// the reserved U+FFF0–FFF8 and the shorthand format controls — drawn as nothing, they make a name look like another.
    /// The variation selectors (U+FE00–FE0F, U+E0100–E01EF) stay: emoji and CJK names need them.
    /// </summary>
    private static bool IsIgnorable(int codePoint) => codePoint is 0x034F or 0x115F or 0x1160 or 0x17B4 or 0x17B5
        or (>= 0x180B and <= 0x180D) or 0x3164 or 0xFFA0 or (>= 0xFFF0 and <= 0xFFF8) or (>= 0x1BCA0 and <= 0x1BCA3);

    /// <summary>A symbol that draws nothing: the blank braille pattern (the Hangul fillers are refused as ignorable).</summary>
    private static bool IsBlank(int codePoint) => codePoint == 0x2800;
}
