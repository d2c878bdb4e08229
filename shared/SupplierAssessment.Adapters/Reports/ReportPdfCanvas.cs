using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;
using UglyToad.PdfPig.Core;

namespace SupplierAssessment.Adapters.Reports;

/// <summary>An RGB colour of the PDF, read from the hex codes the HTML report uses.</summary>
internal readonly record struct PdfColour(byte R, byte G, byte B)
{
    public static PdfColour Text { get; } = Hex(Markup.TextColour);
    public static PdfColour Muted { get; } = new(0x55, 0x55, 0x55);
    public static PdfColour Rule { get; } = new(0xbb, 0xbb, 0xbb);
    public static PdfColour HeaderFill { get; } = new(0xee, 0xee, 0xee);
    public static PdfColour White { get; } = new(0xff, 0xff, 0xff);

    /// <summary>"#1f3a93".</summary>
    public static PdfColour Hex(string hex) => new(
        byte.Parse(hex.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        byte.Parse(hex.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
        byte.Parse(hex.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
}

/// <summary>A column of a <see cref="ReportPdfCanvas.Table"/>: its header, width in points and alignment.</summary>
internal sealed record PdfColumn(string Header, double Width, bool Numeric = false);

/// <summary>One line of a <see cref="ReportPdfCanvas.Block"/> before wrapping.</summary>
internal sealed record PdfLine(string Text, double Size = ReportPdfCanvas.BodySize, bool Bold = false, PdfColour? Colour = null);

/// <summary>
/// A4 portrait pages filled from top to bottom, drawn with PDFsharp in the embedded Unicode fonts
/// (<see cref="ReportPdfFonts"/>). Every text is made drawable (<see cref="ReportPdfText"/>) and wrapped to the width
/// it is given; a line that would not fit above the bottom margin goes to a new page, so nothing is ever drawn outside
/// the page. The footer ("page n / m") is written once the page count is known. Coordinates are PDF points from the
/// bottom-left corner, as in the PDF itself.
/// <para>
/// Text runs are not drawn with PDFsharp's <c>XGraphics.DrawString</c>, which costs about 2 KB and a few
/// microseconds per call (a report draws some 1,600 runs). The canvas writes the PDF text operators itself
/// (ISO 32000-1 §9.4: <c>BT</c>, <c>rg</c>, <c>Tf</c>, <c>Td</c>, <c>Tj</c>, <c>ET</c>) into the page's content stream
/// where the XGraphics would have put them: the glyph indices of the run in PDFsharp's font of its face (Identity-H,
/// two bytes per glyph: <see cref="ReportPdfFonts.GlyphIndex"/>), at the same position, size and colour, in one text
/// object per stretch of text between two drawings, as PDFsharp did. PDFsharp still makes the document, the fonts and
/// their subsets: the fonts come from drawing on a scratch page (<see cref="GlyphPage"/>), where the characters shown
/// in each face are drawn once more before saving so that PDFsharp records their glyphs for the subset and the
/// ToUnicode map; that page is removed from the document before it is saved. Each page's resources name the fonts
/// through PDFsharp's own <see cref="PdfResources.AddFont"/>.
/// </para>
/// </summary>
internal sealed class ReportPdfCanvas
{
    public const double Left = 42;
    public const double Right = 553;
    public const double Width = Right - Left;
    public const double BodySize = 9;
    private const double Top = 800;
    private const double Bottom = 56;
    private const double Padding = 2.5;
    private const double PageHeight = 842;

    private static readonly XPdfFontOptions FontOptions = new(PdfFontEncoding.Unicode);

    private readonly PdfDocument _document = new();
    private readonly List<DrawnPage> _pages = [];
    private DrawnPage _page;

    /// <summary>The document's font per face (indexed by <see cref="PdfFace"/>), made by PDFsharp on the first run in it.</summary>
    private readonly PdfFont?[] _pdfFonts = new PdfFont?[3];

    /// <summary>
    /// Per face, the characters shown, one bit per UTF-16 code unit (1,024 × 64 bits, made on the face's first run):
    /// their glyphs go into the subset and the ToUnicode map when saving.
    /// </summary>
    private readonly ulong[]?[] _shown = new ulong[]?[3];

    /// <summary>The page PDFsharp draws on to make the fonts and record their glyphs; removed before saving.</summary>
    private (PdfPage Page, XGraphics Graphics)? _glyphPage;
    private readonly Dictionary<(PdfFace Face, double Size), XFont> _fonts = [];
    private readonly Dictionary<PdfColour, XSolidBrush> _brushes = [];

    private readonly string _language;

    /// <summary>A new document; in French (<paramref name="language"/> "fr") every text gets French typography (<see cref="Typography.Punctuate"/>).</summary>
    public ReportPdfCanvas(string title, string language = "en")
    {
        _language = language;
        ReportPdfFonts.Install();
        _document.Info.Title = ReportPdfText.ToDrawable(title);
        _document.Options.CompressContentStreams = true;
        // zlib's fastest level: a quarter less CPU for the report PDF (3.6 → 2.8 ms), 30% larger (58 → 75 KB), still a small
        // attachment. The notification stage spends most of its CPU on this PDF (docs/benchmarks.md).
        _document.Options.FlateEncodeMode = PdfFlateEncodeMode.BestSpeed;
        _page = AddPage();
    }

    /// <summary>The top of the free space on the current page; it moves down as content is added.</summary>
    public double Y { get; private set; }

    public static double LineHeight(double size) => size * 1.3;

    public void NewPage() => _page = AddPage();

    /// <summary>Moves down, at most to the bottom margin.</summary>
    public void Space(double points) => Y = Math.Max(Bottom, Y - points);

    /// <summary>Starts a new page unless <paramref name="height"/> points are free (a fresh page takes what it can).</summary>
    public void KeepTogether(double height)
    {
        if (Y - height < Bottom && Y < Top)
        {
            NewPage();
        }
    }

    /// <summary>Takes a block of <paramref name="height"/> points for drawing and returns its top.</summary>
    public double Reserve(double height)
    {
        KeepTogether(height);
        var top = Y;
        Space(height);
        return top;
    }

    public void Heading(string text, double size = 13)
    {
        Space(size * 0.6);
        KeepTogether(LineHeight(size) + 4 * LineHeight(BodySize));
        Paragraph(text, size, bold: true);
        Space(3);
    }

    public void Paragraph(string? text, double size = BodySize, bool bold = false, double indent = 0, PdfColour? colour = null)
    {
        foreach (var line in Wrap(text, Width - indent, size, bold))
        {
            NextLine(size);
            Text(line, Left + indent, Y - size, size, bold, colour);
            Y -= LineHeight(size);
        }
    }

    /// <summary>A label in the left column and its value wrapped in the right one.</summary>
    public void Field(string label, string? value, double labelWidth = 130)
    {
        var first = true;
        foreach (var line in Wrap(value, Width - labelWidth, BodySize, bold: false))
        {
            NextLine(BodySize);
            if (first)
            {
                Text(label, Left, Y - BodySize, BodySize, colour: PdfColour.Muted, maxWidth: labelWidth - 6);
                first = false;
            }
            Text(line, Left + labelWidth, Y - BodySize, BodySize);
            Y -= LineHeight(BodySize);
        }
    }

    /// <summary>
    /// Lines kept on one page when they fit on one, indented, with an optional coloured bar on their left
    /// (drawn only when the block did not have to be split).
    /// </summary>
    public void Block(IEnumerable<PdfLine> lines, double indent = 0, PdfColour? bar = null)
    {
        var wrapped = lines
            .SelectMany(l => Wrap(l.Text, Width - indent, l.Size, l.Bold).Select(text => l with { Text = text }))
            .ToArray();
        var height = wrapped.Sum(l => LineHeight(l.Size));
        KeepTogether(height);
        var page = _page;
        var top = Y;
        foreach (var line in wrapped)
        {
            NextLine(line.Size);
            Text(line.Text, Left + indent, Y - line.Size, line.Size, line.Bold, line.Colour);
            Y -= LineHeight(line.Size);
        }
        if (bar is { } colour && page == _page && indent >= 5)
        {
            Rectangle(Left + indent - 5, Y + 1, 2, top - Y - 2, colour);
        }
    }

    /// <summary>A table with a header row, repeated on every page it spans; cells wrap, rows split only when taller than a page.</summary>
    public void Table(IReadOnlyList<PdfColumn> columns, IEnumerable<(IReadOnlyList<string> Cells, bool Bold)> rows, double size = 8)
    {
        // Headers wrap between words; a word wider than its column ("excédentaires") makes the header row smaller
        // rather than being cut in two.
        var headerSize = size;
        while (headerSize > 6 && columns.Any(c => Typography.Punctuate(c.Header, _language).Split(' ')
            .Any(word => TextWidth(ReportPdfText.ToDrawable(word), headerSize, bold: true) > c.Width - 2 * Padding)))
        {
            headerSize -= 0.25;
        }
        var header = columns.Select(c => Wrap(c.Header, c.Width - 2 * Padding, headerSize, bold: true)).ToArray();
        var lineHeight = LineHeight(size);
        KeepTogether(RowHeight(header, LineHeight(headerSize)) + 2 * lineHeight + 2 * Padding);
        DrawRow(columns, header, headerSize, bold: true, PdfColour.HeaderFill);
        foreach (var (cells, bold) in rows)
        {
            var wrapped = columns.Select((c, i) => Wrap(i < cells.Count ? cells[i] : "", c.Width - 2 * Padding, size, bold)).ToArray();
            var remaining = wrapped;
            while (remaining.Length > 0)
            {
                var fits = (int)Math.Floor((Y - Bottom - 2 * Padding) / lineHeight);
                var needed = remaining.Max(c => c.Count);
                if (fits < needed && (fits < 1 || RowHeight(remaining, lineHeight) <= Top - Bottom - RowHeight(header, LineHeight(headerSize))))
                {
                    NewPage();
                    DrawRow(columns, header, headerSize, bold: true, PdfColour.HeaderFill);
                    continue;
                }
                var take = Math.Min(fits, needed);
                DrawRow(columns, remaining.Select(c => c.Take(take).ToArray()).ToArray(), size, bold, fill: null);
                remaining = take < needed ? remaining.Select(c => (IReadOnlyList<string>)c.Skip(take).ToArray()).ToArray() : [];
            }
        }
        Space(4);
    }

    /// <summary>
    /// Draws one line of text at a baseline, cut with "..." if it would run past <paramref name="maxWidth"/> or the
    /// right margin; each run of letters goes in the face that has them (DejaVu Sans, else the CJK fallback).
    /// </summary>
    public void Text(string text, double x, double baseline, double size, bool bold = false, PdfColour? colour = null, double? maxWidth = null)
    {
        var fitted = Fit(ReportPdfText.ToDrawable(Typography.Punctuate(text, _language)), Math.Min(maxWidth ?? double.MaxValue, Right - x), size, bold);
        if (fitted.Length == 0)
        {
            return;
        }
        var start = 0;
        var face = FaceOf(fitted[0], bold);
        for (var i = 1; i <= fitted.Length; i++)
        {
            var next = i < fitted.Length ? FaceOf(fitted[i], bold) : face;
            if (i < fitted.Length && next == face)
            {
                continue;
            }
            var run = fitted.AsSpan(start, i - start);
            if (!run.IsWhiteSpace())
            {
                DrawRun(run, face, size, colour ?? PdfColour.Text, x, baseline);
            }
            x += RunWidth(run, face) * size;
            start = i;
            face = next;
        }
    }

    /// <summary>Text centred on <paramref name="centre"/>, within <paramref name="maxWidth"/>.</summary>
    public void TextCentred(string text, double centre, double baseline, double size, double maxWidth, bool bold = false, PdfColour? colour = null)
    {
        var fitted = Fit(ReportPdfText.ToDrawable(text), maxWidth, size, bold);
        Text(fitted, centre - TextWidth(fitted, size, bold) / 2, baseline, size, bold, colour);
    }

    public void Rectangle(double x, double y, double width, double height, PdfColour? fill, PdfColour? stroke = null, double lineWidth = 1)
    {
        var graphics = Graphics();
        var s = stroke ?? fill ?? PdfColour.Text;
        var pen = new XPen(Colour(s), lineWidth);
        var top = PageHeight - y - height;
        if (fill is { } f)
        {
            graphics.DrawRectangle(pen, Brush(f), x, top, width, height);
        }
        else
        {
            graphics.DrawRectangle(pen, x, top, width, height);
        }
    }

    public void Line(double x1, double y1, double x2, double y2, PdfColour colour, double lineWidth = 0.5) =>
        Graphics().DrawLine(new XPen(Colour(colour), lineWidth), x1, PageHeight - y1, x2, PageHeight - y2);

    public void Triangle(PdfPoint a, PdfPoint b, PdfPoint c, PdfColour fill) =>
        Graphics().DrawPolygon(new XPen(Colour(fill), 0.1), Brush(fill),
            [new XPoint(a.X, PageHeight - a.Y), new XPoint(b.X, PageHeight - b.Y), new XPoint(c.X, PageHeight - c.Y)], XFillMode.Winding);

    /// <summary>The width of a drawable text in points, from the fonts' advance widths (no kerning is applied).</summary>
    public double TextWidth(string drawable, double size, bool bold = false)
    {
        var width = 0.0;
        foreach (var c in drawable)
        {
            width += Advance(c, bold);
        }
        return width * size;
    }

    /// <summary>
    /// The text made drawable and split into lines no wider than <paramref name="width"/>: at spaces, inside a word only
    /// when the word alone is too wide. Line breaks in the text are kept; there is always at least one line.
    /// </summary>
    public IReadOnlyList<string> Wrap(string? text, double width, double size, bool bold)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (var paragraph in Typography.Punctuate(text ?? "", _language).ReplaceLineEndings("\n").Split('\n'))
        {
            line.Clear();
            // The line's advance widths at size 1, added character by character from 0 as TextWidth adds them, so
            // that a candidate line measures exactly what TextWidth(line + " " + word) would, without making it.
            var lineWidth = 0.0;
            foreach (var word in ReportPdfText.ToDrawable(paragraph).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidateWidth = line.Length == 0 ? 0.0 : lineWidth + Advance(' ', bold);
                foreach (var c in word)
                {
                    candidateWidth += Advance(c, bold);
                }
                if (candidateWidth * size <= width)
                {
                    (line.Length == 0 ? line : line.Append(' ')).Append(word);
                    lineWidth = candidateWidth;
                    continue;
                }
                if (line.Length > 0)
                {
                    lines.Add(line.ToString());
                }
                var rest = word;
                while (rest.Length > 1 && TextWidth(rest, size, bold) > width)
                {
                    var cut = 1;
                    while (cut < rest.Length && TextWidth(rest[..(cut + 1)], size, bold) <= width)
                    {
                        cut++;
                    }
                    lines.Add(rest[..cut]);
                    rest = rest[cut..];
                }
                line.Clear().Append(rest);
                lineWidth = TextWidth(rest, 1, bold);
            }
            lines.Add(line.ToString());
        }
        return lines;
    }

    /// <summary>Writes "page n / m" and <paramref name="footer"/> at the foot of every page and returns the PDF.</summary>
    public byte[] Finish(string footer)
    {
        for (var i = 0; i < _pages.Count; i++)
        {
            _page = _pages[i];
            Line(Left, 44, Right, 44, PdfColour.Rule);
            var number = $"page {i + 1} / {_pages.Count}";
            var numberWidth = TextWidth(number, 7.5);
            Text(footer, Left, 32, 7.5, colour: PdfColour.Muted, maxWidth: Width - numberWidth - 12);
            Text(number, Right - numberWidth, 32, 7.5, colour: PdfColour.Muted);
        }
        foreach (var page in _pages)
        {
            page.EndText();
            page.Graphics.Dispose();
        }
        RecordShownGlyphs();
        using var output = new MemoryStream();
        _document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private DrawnPage AddPage()
    {
        var page = _document.AddPage();
        page.Width = XUnit.FromPoint(595);
        page.Height = XUnit.FromPoint(PageHeight);
        var drawn = new DrawnPage(page, XGraphics.FromPdfPage(page));
        _pages.Add(drawn);
        Y = Top;
        return drawn;
    }

    /// <summary>The current page's XGraphics, its text operators closed first so that what it draws comes after them.</summary>
    private XGraphics Graphics()
    {
        _page.EndText();
        return _page.Graphics;
    }

    /// <summary>
    /// Shows a run of characters of one face (not all white space) at <paramref name="size"/> points in
    /// <paramref name="colour"/>, its baseline starting at (x, baseline), on the current page.
    /// </summary>
    private void DrawRun(ReadOnlySpan<char> run, PdfFace face, double size, PdfColour colour, double x, double baseline)
    {
        var shown = _shown[(int)face] ??= new ulong[1024];
        foreach (var c in run)
        {
            shown[c >> 6] |= 1UL << c;
        }
        _page.WriteRun(run, face, PdfFontOf(face, run), size, colour, x, baseline);
    }

    /// <summary>
    /// PDFsharp's font of a face in this document (one per face, whatever the size), made the first time by drawing
    /// <paramref name="sample"/> in it on the glyph page: the font is then the one in that page's resources the canvas
    /// does not know yet.
    /// </summary>
    private PdfFont PdfFontOf(PdfFace face, ReadOnlySpan<char> sample)
    {
        if (_pdfFonts[(int)face] is { } known)
        {
            return known;
        }
        var (page, graphics) = GlyphPage();
        graphics.DrawString(sample.ToString(), Font(face, BodySize), Brush(PdfColour.Text), 0, PageHeight / 2, XStringFormats.BaseLineLeft);
        var fonts = page.Resources.Elements.GetDictionary("/Font")
            ?? throw new InvalidOperationException("PDFsharp drew a text run without adding its font to the page's resources.");
        foreach (var (_, item) in fonts.Elements)
        {
            if (((item as PdfReference)?.Value ?? item) is PdfFont font && !_pdfFonts.Contains(font))
            {
                return _pdfFonts[(int)face] = font;
            }
        }
        throw new InvalidOperationException($"PDFsharp drew a text run in the {face} face but added no new font to the page's resources.");
    }

    /// <summary>
    /// The scratch page PDFsharp draws on (<see cref="PdfFontOf"/>, <see cref="RecordShownGlyphs"/>): a page of the
    /// document, since PDFsharp makes fonts only for a drawing surface of the document, but never one of the report's.
    /// </summary>
    private (PdfPage Page, XGraphics Graphics) GlyphPage()
    {
        if (_glyphPage is null)
        {
            var page = _document.AddPage();
            _glyphPage = (page, XGraphics.FromPdfPage(page));
        }
        return _glyphPage.Value;
    }

    /// <summary>
    /// Draws every character shown in each face once on the glyph page, which makes PDFsharp record its glyph in the
    /// font (the subset it embeds and the ToUnicode map that keeps the text extractable), then removes that page.
    /// </summary>
    private void RecordShownGlyphs()
    {
        if (_glyphPage is not { } glyphPage)
        {
            return;
        }
        for (var face = 0; face < _pdfFonts.Length; face++)
        {
            if (_pdfFonts[face] is not null && _shown[face] is { } shown)
            {
                var characters = new StringBuilder();
                for (var word = 0; word < shown.Length; word++)
                {
                    for (var bits = shown[word]; bits != 0; bits &= bits - 1)
                    {
                        characters.Append((char)(word << 6 | System.Numerics.BitOperations.TrailingZeroCount(bits)));
                    }
                }
                glyphPage.Graphics.DrawString(characters.ToString(), Font((PdfFace)face, BodySize), Brush(PdfColour.Text), 0,
                    PageHeight / 2, XStringFormats.BaseLineLeft);
            }
        }
        glyphPage.Graphics.Dispose();
        _document.Pages.Remove(glyphPage.Page);
        _glyphPage = null;
    }

    /// <summary>The advance width at size 1 of a drawable character, in the face it is drawn in.</summary>
    private static double Advance(char c, bool bold) => ReportPdfFonts.Width(FaceOf(c, bold), c);

    /// <summary>The face a drawable character is drawn in (the box for a missing letter is in DejaVu Sans).</summary>
    private static PdfFace FaceOf(char c, bool bold) => ReportPdfFonts.FaceFor(c, bold) ?? (bold ? PdfFace.Bold : PdfFace.Regular);

    private static double RunWidth(ReadOnlySpan<char> run, PdfFace face)
    {
        var width = 0.0;
        foreach (var c in run)
        {
            width += ReportPdfFonts.Width(face, c);
        }
        return width;
    }

    private XFont Font(PdfFace face, double size)
    {
        if (!_fonts.TryGetValue((face, size), out var font))
        {
            var style = face == PdfFace.Bold ? XFontStyleEx.Bold : XFontStyleEx.Regular;
            _fonts[(face, size)] = font = new XFont(ReportPdfFonts.FamilyOf(face), size, style, FontOptions);
        }
        return font;
    }

    private XSolidBrush Brush(PdfColour colour)
    {
        if (!_brushes.TryGetValue(colour, out var brush))
        {
            _brushes[colour] = brush = new XSolidBrush(Colour(colour));
        }
        return brush;
    }

    private static XColor Colour(PdfColour colour) => XColor.FromArgb(colour.R, colour.G, colour.B);

    private void NextLine(double size)
    {
        if (Y - LineHeight(size) < Bottom)
        {
            NewPage();
        }
    }

    private static double RowHeight(IReadOnlyList<IReadOnlyList<string>> cells, double lineHeight) =>
        cells.Max(c => c.Count) * lineHeight + 2 * Padding;

    private void DrawRow(IReadOnlyList<PdfColumn> columns, IReadOnlyList<IReadOnlyList<string>> cells, double size, bool bold, PdfColour? fill)
    {
        var lineHeight = LineHeight(size);
        var height = RowHeight(cells, lineHeight);
        if (fill is { } colour)
        {
            Rectangle(Left, Y - height, Width, height, colour);
        }
        var x = Left;
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            for (var l = 0; l < cells[i].Count; l++)
            {
                var baseline = Y - Padding - l * lineHeight - size;
                var line = cells[i][l];
                var left = column.Numeric ? x + column.Width - Padding - TextWidth(line, size, bold) : x + Padding;
                Text(line, left, baseline, size, bold, maxWidth: column.Width - 2 * Padding);
            }
            x += column.Width;
        }
        Y -= height;
        Line(Left, Y, Right, Y, PdfColour.Rule);
    }

    /// <summary>The drawable text, cut with "..." to fit <paramref name="width"/>.</summary>
    private string Fit(string drawable, double width, double size, bool bold)
    {
        if (TextWidth(drawable, size, bold) <= width + 0.01)
        {
            return drawable;
        }
        var cut = drawable.Length;
        while (cut > 0 && TextWidth(drawable[..cut] + "...", size, bold) > width)
        {
            cut--;
        }
        return cut == 0 ? "" : drawable[..cut] + "...";
    }

    /// <summary>
    /// A page being drawn: its XGraphics and the text operators the canvas writes into the same content stream.
    /// Consecutive runs share one text object, between <c>q BT</c> and <c>ET Q</c>, closed before the XGraphics draws
    /// again; the colour and font are set only when they change. The XGraphics of a report page never draws text, so
    /// it is always between two graphics operators when a text object starts, and <c>Q</c> gives it back the colour,
    /// line width and font it believes are in effect.
    /// </summary>
    private sealed class DrawnPage(PdfPage pdf, XGraphics graphics)
    {
        private const string Hex = "0123456789ABCDEF";
        private const double Precision = 10_000;

        /// <summary>
        /// The fill-colour operator per colour ("0.067 0.067 0.067 rg") and the size and operator ending a font
        /// selection per size (" 9 Tf"), formatted once per process: the report's colours and sizes are a few dozen
        /// constants of its code, and a page sets them again at every text object.
        /// </summary>
        private static readonly ConcurrentDictionary<PdfColour, string> ColourOperators = new();
        private static readonly ConcurrentDictionary<double, string> SizeOperators = new();

        private readonly string?[] _fontNames = new string?[3];
        private bool _open;
        private PdfColour? _colour;
        private PdfFace? _face;
        private double _size;

        /// <summary>Where the last run started in the open text object, in 1/<see cref="Precision"/> pt.</summary>
        private long _left;
        private long _bottom;

        public PdfPage Pdf { get; } = pdf;

        public XGraphics Graphics { get; } = graphics;

        /// <summary>The page's content stream as the XGraphics writes it (PDF operators, one per line).</summary>
        private StringBuilder Content => Graphics.Internals.ContentStringBuilder
            ?? throw new InvalidOperationException("The XGraphics of a PDF page has no content stream to write to.");

        /// <summary>
        /// Shows <paramref name="run"/> in <paramref name="font"/> (the document's font of <paramref name="face"/>, whose
        /// glyphs for the run are recorded before saving) at <paramref name="size"/> points, its baseline starting at
        /// (x, baseline), in PDF points from the page's bottom-left corner.
        /// </summary>
        public void WriteRun(ReadOnlySpan<char> run, PdfFace face, PdfFont font, double size, PdfColour colour, double x, double baseline)
        {
            var content = Content;
            if (!_open)
            {
                content.Append("q\nBT\n");
                (_open, _colour, _face, _left, _bottom) = (true, null, null, 0, 0);
            }
            if (_colour != colour)
            {
                content.Append(ColourOperators.GetOrAdd(colour, static c => string.Create(CultureInfo.InvariantCulture,
                    $"{c.R / 255.0:0.###} {c.G / 255.0:0.###} {c.B / 255.0:0.###} rg\n")));
                _colour = colour;
            }
            if (_face != face || _size != size)
            {
                content.Append(_fontNames[(int)face] ??= Pdf.Resources.AddFont(font))
                    .Append(SizeOperators.GetOrAdd(size, static s => string.Create(CultureInfo.InvariantCulture, $" {s:0.####} Tf\n")));
                (_face, _size) = (face, size);
            }
            // Td moves from the start of the previous run (at BT, from the origin), in whole 1/10,000 pt from rounded
            // positions: each run lands within 0.00005 pt of its place however many runs came before.
            var (left, bottom) = ((long)Math.Round(x * Precision), (long)Math.Round(baseline * Precision));
            AppendFixed(content, left - _left);
            content.Append(' ');
            AppendFixed(content, bottom - _bottom);
            content.Append(" Td\n<");
            (_left, _bottom) = (left, bottom);
            Span<char> code = stackalloc char[4];
            foreach (var c in run)
            {
                var glyph = ReportPdfFonts.GlyphIndex(face, c);
                code[0] = Hex[glyph >> 12];
                code[1] = Hex[(glyph >> 8) & 0xF];
                code[2] = Hex[(glyph >> 4) & 0xF];
                code[3] = Hex[glyph & 0xF];
                content.Append(code);
            }
            content.Append("> Tj\n");
        }

        /// <summary>A length in 1/<see cref="Precision"/> pt as a PDF number in points: "-12.5", "0", "130.0625".</summary>
        private static void AppendFixed(StringBuilder content, long units)
        {
            if (units < 0)
            {
                content.Append('-');
                units = -units;
            }
            var (points, fraction) = Math.DivRem(units, (long)Precision);
            content.Append(CultureInfo.InvariantCulture, $"{points}");
            if (fraction == 0)
            {
                return;
            }
            content.Append('.');
            for (var unit = (long)Precision / 10; fraction > 0; unit /= 10)
            {
                content.Append((char)('0' + fraction / unit));
                fraction %= unit;
            }
        }

        /// <summary>Closes the text operators written since the last XGraphics drawing, if any.</summary>
        public void EndText()
        {
            if (_open)
            {
                Content.Append("ET\nQ\n");
                _open = false;
            }
        }
    }
}
