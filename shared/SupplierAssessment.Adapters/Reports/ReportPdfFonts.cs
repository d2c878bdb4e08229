using System.Reflection;
using PdfSharp.Fonts;
using UglyToad.PdfPig.Fonts.TrueType;
using UglyToad.PdfPig.Fonts.TrueType.Parser;

namespace SupplierAssessment.Adapters.Reports;

/// <summary>A face the report PDF draws with: DejaVu Sans (regular or bold), or the CJK fallback.</summary>
internal enum PdfFace
{
    Regular,
    Bold,
    Fallback,
}

/// <summary>
/// The TrueType fonts the report PDF embeds (shipped in <c>Reports/Fonts</c>, licences beside them): DejaVu Sans for
/// Latin, Greek and Cyrillic, Droid Sans Fallback for the CJK letters DejaVu has not. PDFsharp embeds the subset a
/// report uses as a CIDFontType2 font (Identity-H) with a ToUnicode map, so every letter is drawn and selectable.
/// This class also knows, per character, which face draws it and how wide it is, read once from the fonts' own
/// tables (cmap, hmtx): wrapping and centring need widths thousands of times per report.
/// </summary>
internal sealed class ReportPdfFonts : IFontResolver
{
    /// <summary>The family name the canvas asks PDFsharp for; the resolver maps it to the shipped files.</summary>
    public const string Family = "SupplierAssessment Report";

    private const string FallbackFamily = "SupplierAssessment Report Fallback";

    /// <summary>What a character nothing can draw becomes: a visible box, never a question mark.</summary>
    public const char Missing = '\u25A1';

    private static readonly Lazy<byte[]> RegularBytes = new(() => Resource("DejaVuSans.ttf"));
    private static readonly Lazy<byte[]> BoldBytes = new(() => Resource("DejaVuSans-Bold.ttf"));
    private static readonly Lazy<byte[]> FallbackBytes = new(() => Resource("DroidSansFallback.ttf"));

    private static readonly Lazy<Metrics> RegularMetrics = new(() => new Metrics(RegularBytes.Value));
    private static readonly Lazy<Metrics> BoldMetrics = new(() => new Metrics(BoldBytes.Value));
    private static readonly Lazy<Metrics> FallbackMetrics = new(() => new Metrics(FallbackBytes.Value));

    private static readonly object InstallLock = new();
    private static bool _installed;

    /// <summary>Makes the shipped fonts PDFsharp's fonts, once per process (PDFsharp's resolver is global).</summary>
    public static void Install()
    {
        lock (InstallLock)
        {
            if (_installed)
            {
                return;
            }
            GlobalFontSettings.FontResolver = new ReportPdfFonts();
            _installed = true;
        }
    }

    /// <summary>The family name PDFsharp knows a face by.</summary>
    public static string FamilyOf(PdfFace face) => face == PdfFace.Fallback ? FallbackFamily : Family;

    /// <summary>
    /// The face that draws <paramref name="character"/> (a UTF-16 code unit of the BMP) when the text is
    /// <paramref name="bold"/>, or null when no shipped font has it.
    /// </summary>
    public static PdfFace? FaceFor(char character, bool bold)
    {
        // Called for every character drawn or measured: no allocation on this path.
        var preferred = bold ? PdfFace.Bold : PdfFace.Regular;
        if (MetricsOf(preferred).Has(character))
        {
            return preferred;
        }
        var other = bold ? PdfFace.Regular : PdfFace.Bold;
        if (MetricsOf(other).Has(character))
        {
            return other;
        }
        return FallbackMetrics.Value.Has(character) ? PdfFace.Fallback : null;
    }

    /// <summary>The advance width of a character at size 1 in a face (0 when the face has no glyph for it).</summary>
    public static double Width(PdfFace face, char character) => MetricsOf(face).Width(character);

    /// <summary>
    /// The glyph index of a character in a face's font (0, the font's .notdef, when it has none), from its Windows
    /// Unicode cmap: the same index PDFsharp finds, and with Identity-H encoding the code (CID) a text run shows
    /// for the character (the subset keeps the original glyph indices: CIDToGIDMap Identity).
    /// </summary>
    public static ushort GlyphIndex(PdfFace face, char character) => MetricsOf(face).GlyphIndex(character);

    /// <inheritdoc />
    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) => familyName switch
    {
        Family => new FontResolverInfo(bold ? "DejaVuSans-Bold" : "DejaVuSans"),
        FallbackFamily => new FontResolverInfo("DroidSansFallback"),
        _ => null,
    };

    /// <inheritdoc />
    public byte[]? GetFont(string faceName) => faceName switch
    {
        "DejaVuSans" => RegularBytes.Value,
        "DejaVuSans-Bold" => BoldBytes.Value,
        "DroidSansFallback" => FallbackBytes.Value,
        _ => null,
    };

    private static Metrics MetricsOf(PdfFace face) => face switch
    {
        PdfFace.Bold => BoldMetrics.Value,
        PdfFace.Fallback => FallbackMetrics.Value,
        _ => RegularMetrics.Value,
    };

    private static byte[] Resource(string file)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Fonts." + file)
            ?? throw new InvalidOperationException($"The report font {file} is not embedded in the adapters.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>
    /// A font's glyph map and advance widths, read from its tables once per block of 256 characters and kept for the
    /// process: a lookup is two array reads (they run for every character drawn or measured, tens of thousands of
    /// times per report). A block is filled before it is published, so concurrent reports never see half of one.
    /// </summary>
    private sealed class Metrics
    {
        private readonly TrueTypeFont _font;
        private readonly double _unitsPerEm;
        private readonly Glyph[]?[] _blocks = new Glyph[]?[256];

        public Metrics(byte[] bytes)
        {
            _font = TrueTypeFontParser.Parse(new TrueTypeDataBytes(bytes));
            _unitsPerEm = _font.TableRegister.HeaderTable.UnitsPerEm;
        }

        public bool Has(char character) => Lookup(character).Index > 0;

        public double Width(char character) => Lookup(character).Width;

        public ushort GlyphIndex(char character) => Lookup(character).Index;

        private Glyph Lookup(char character) => (Volatile.Read(ref _blocks[character >> 8]) ?? Load(character >> 8))[character & 0xFF];

        private Glyph[] Load(int block)
        {
            var glyphs = new Glyph[256];
            for (var i = 0; i < glyphs.Length; i++)
            {
                var index = _font.WindowsUnicodeCMap?.CharacterCodeToGlyphIndex(block << 8 | i) ?? 0;
                glyphs[i] = index <= 0 || index > ushort.MaxValue
                    ? default
                    : new Glyph((ushort)index, _font.TableRegister.HorizontalMetricsTable.GetAdvanceWidth(index) / _unitsPerEm);
            }
            Volatile.Write(ref _blocks[block], glyphs);
            return glyphs;
        }

        /// <summary>A character's glyph index (0: the font has none) and advance width at size 1 (0 when none).</summary>
        private readonly record struct Glyph(ushort Index, double Width);
    }
}
