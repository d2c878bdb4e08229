namespace SupplierAssessment.Domain;

/// <summary>
/// The rule for every name a user gives (a procurement, a supplier, a profile, an evidence file): it is shown in pages,
/// reports and email subjects, so it may hold no control character (C0 such as CR/LF and TAB, DEL, C1: a line break
/// would reach a mail header), no Unicode line or paragraph separator (U+2028, U+2029: line breaks too), no byte order
/// mark (U+FEFF, an invisible character) and no bidirectional formatting character (U+061C, U+200E–U+200F,
/// U+202A–U+202E, U+2066–U+2069: they reorder what a reader sees, as in "report‮fdp.exe"). Unicode letters of every
/// script are welcome, and so are the joiners some scripts need (U+200C, U+200D).
/// Source: issue 13 ("Names and subjects"); Unicode TR#36 §2.1 (bidirectional text spoofing); Unicode §5.8 (newlines).
/// </summary>
public static class Names
{
    /// <summary>The message for a name holding a character <see cref="IsShowable"/> refuses.</summary>
    public static LocalizedText HiddenCharacters { get; } = new(
        "A name may not contain line breaks, tabs, control characters or text-direction marks.",
        "Un nom ne peut contenir ni saut de ligne, ni tabulation, ni caractère de contrôle, ni marque de sens d'écriture.");

    /// <summary>True when every character of <paramref name="name"/> can be shown as it is (see the class summary).</summary>
    public static bool IsShowable(string name) => !name.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029' or '\uFEFF' || IsBidiControl(c));

    private static bool IsBidiControl(char c) => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
