using System.Globalization;
using SupplierAssessment.Domain.ActionPlans;
using SupplierAssessment.Domain.Catalog;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Reports;
using UglyToad.PdfPig.Core;
using static SupplierAssessment.Adapters.Reports.Markup;

namespace SupplierAssessment.Adapters.Reports;

/// <summary>
/// A report version as an A4 portrait PDF the project manager can forward. Page 1: who, which version, the summary
/// and the points per alert level; page 2: the capability grid and the process areas; then the action plan by actor,
/// the on-site checklist and, when verified, the expert's corrections, on as many pages as they need.
/// Draws with embedded, subset Unicode TrueType fonts (<see cref="ReportPdfFonts"/>): every letter users typed is kept,
/// selectable and searchable; text is wrapped to the page.
/// </summary>
public static class ReportPdf
{
    private const double GridLabelWidth = 34;
    private const double GridCellWidth = (ReportPdfCanvas.Width - GridLabelWidth) / ProcessAreaId.Count;
    private const double GridCellHeight = 15;
    private const double GridHeaderHeight = 13;

    /// <summary>The download's and attachment's file name in the reader's language, e.g. "Northwind Hosting-rapport-v2.pdf" (ASCII: "northwind-hosting-rapport-v2.pdf").</summary>
    public static DownloadName FileName(AssessmentReport report, string language = "en") =>
        Markup.FileName(report, ReportLabels.For(language).ReportFile, "pdf");

    /// <summary>Renders the PDF in "en" or "fr" (labels and the catalog's names).</summary>
    public static byte[] Render(AssessmentReport report, ModelCatalog catalog, string language = "en")
    {
        var labels = ReportLabels.For(language);
        var title = $"{report.SupplierName} · {ReportLabels.Format(labels.ReportVersion, report.Version)}";
        var canvas = new ReportPdfCanvas(title, labels.Language);
        WriteHeader(canvas, report, labels);
        WriteSummary(canvas, report, labels);
        WritePointsPerAlertLevel(canvas, report, labels);
        ReportTargets.WritePdf(canvas, report, catalog, labels);
        ReportHistory.WritePdf(canvas, report, catalog, labels);
        canvas.NewPage();
        WriteGrid(canvas, report, catalog, labels);
        WriteProcessAreas(canvas, report, catalog, labels);
        canvas.NewPage();
        WriteActionPlan(canvas, report, labels);
        WriteChecklist(canvas, report, catalog, labels);
        if (report.Verified)
        {
            WriteDeclaredVsVerified(canvas, report, catalog, labels);
        }
        return canvas.Finish(title);
    }

    private static void WriteHeader(ReportPdfCanvas canvas, AssessmentReport report, ReportLabels labels)
    {
        var language = labels.Language;
        canvas.Paragraph(labels.Title, colour: PdfColour.Muted);
        canvas.Space(2);
        canvas.Paragraph(report.SupplierName, 18, bold: true);
        canvas.Space(2);
        canvas.Paragraph(
            $"{ReportLabels.Format(labels.ReportVersion, report.Version)} — {(report.Verified ? labels.VerifiedBadge : labels.DeclaredBadge)}",
            11, bold: true, colour: report.Verified ? PdfColour.Hex(Markup.TargetColour) : PdfColour.Muted);
        canvas.Space(6);
        canvas.Field(labels.Procurement, report.ProcurementName);
        canvas.Field(labels.Supplier, report.SupplierName);
        canvas.Field(labels.Date, Typography.Date(report.CreatedAt, labels.Language));
        canvas.Field(labels.Questionnaire, report.TemplateKey);
        canvas.Field(labels.Profile, $"{report.Profile.Name.In(language)}, {labels.Version} {report.Profile.VersionLabel}");
        canvas.Field(labels.ActiveAlertLevel, AlertLevelName(report.Profile, report.ActiveAlertLevel, language));
    }

    private static void WriteSummary(ReportPdfCanvas canvas, AssessmentReport report, ReportLabels labels)
    {
        var gap = report.ActiveGap;
        var alertLevel = AlertLevelName(report.Profile, report.ActiveAlertLevel, labels.Language);
        canvas.Heading(labels.Summary);
        canvas.Paragraph($"{gap.MissingPoints} {labels.MissingAt(gap.MissingPoints, alertLevel)}", 14, bold: true);
        canvas.Space(2);
        foreach (var actor in Actors.All)
        {
            canvas.Paragraph($"{ActorName(actor, labels)}: {gap.MissingBy(actor)}", indent: 12);
        }
        canvas.Paragraph($"{labels.ExceedingPoints}: {gap.ExceedingPoints}");
        if (report.NotApplicable.Count > 0) // DESIGN §2.2 rule 9: the cells claimed not applicable, never a point
        {
            canvas.Paragraph($"{(labels.Language == "fr" ? "Cases non applicables (N/A)" : "Cells not applicable (N/A)")}: {report.NotApplicable.Count}");
        }
        canvas.Space(4);
        var baseline = report.Baseline;
        canvas.Paragraph(ReportLabels.Format(labels.Baseline, baseline.BaselineLevel, baseline.Uniform.MissingPoints, baseline.SavedPoints));
    }

    private static void WritePointsPerAlertLevel(ReportPdfCanvas canvas, AssessmentReport report, ReportLabels labels)
    {
        canvas.Heading(labels.PointsPerAlertLevel);
        var declared = report.DeclaredGap;
        var numbers = declared is null ? 5 : 6;
        const double numberWidth = 64;
        var columns = new List<PdfColumn>
        {
            new(labels.AlertLevel, ReportPdfCanvas.Width - numbers * numberWidth),
            new(labels.MissingPoints, numberWidth, Numeric: true),
        };
        if (declared is not null)
        {
            columns.Add(new($"{labels.MissingPoints} ({labels.DeclaredRating})", numberWidth, Numeric: true));
        }
        columns.Add(new(labels.ExceedingPoints, numberWidth, Numeric: true));
        columns.AddRange(Actors.All.Select(a => new PdfColumn(ActorName(a, labels), numberWidth, Numeric: true)));
        canvas.Table(columns, report.Gap.Variants.Select(variant =>
        {
            var active = variant.AlertLevel == report.ActiveAlertLevel;
            var cells = new List<string>
            {
                AlertLevelName(report.Profile, variant.AlertLevel, labels.Language) + (active ? $" ({labels.Active})" : ""),
                Number(variant.MissingPoints),
            };
            if (declared is not null)
            {
                cells.Add(Number(declared.Variant(variant.AlertLevel).MissingPoints));
            }
            cells.Add(Number(variant.ExceedingPoints));
            cells.AddRange(Actors.All.Select(a => Number(variant.MissingBy(a))));
            return ((IReadOnlyList<string>)cells, active);
        }));
    }

    /// <summary>The 22 × 12 grid of letters: PA01..PA22 across, 5.2 at the top down to 1.1, the target outlined per PA.</summary>
    private static void WriteGrid(ReportPdfCanvas canvas, AssessmentReport report, ModelCatalog catalog, ReportLabels labels)
    {
        var alertLevel = AlertLevelName(report.Profile, report.ActiveAlertLevel, labels.Language);
        canvas.Heading(labels.Grid);
        canvas.Paragraph(ReportLabels.Format(labels.GridDescription, alertLevel), 8, colour: PdfColour.Muted);
        canvas.Space(4);
        var top = canvas.Reserve(GridHeaderHeight + CommonFeature.Count * GridCellHeight + 4);
        var gridTop = top - GridHeaderHeight;
        foreach (var pa in ProcessAreaId.All)
        {
            canvas.TextCentred(pa.Id, ColumnX(pa) + GridCellWidth / 2, top - 9, 6.5, GridCellWidth, bold: true);
        }
        // The cells first, then every letter: the letters go into one text object instead of 264 (one between each
        // two cells), which makes the page's content a quarter shorter. A letter never overlaps another cell or its
        // own corner mark, so the page looks the same.
        foreach (var cell in Cell.All)
        {
            DrawCell(canvas, report, cell, gridTop);
        }
        foreach (var cf in CommonFeature.All)
        {
            canvas.Text(cf.Id, ReportPdfCanvas.Left + 4, RowY(gridTop, cf) + 4.5, 7.5, bold: true, maxWidth: GridLabelWidth - 6);
            foreach (var pa in ProcessAreaId.All)
            {
                DrawCellLetter(canvas, report, new Cell(pa, cf), gridTop);
            }
        }
        var gridRight = ReportPdfCanvas.Left + GridLabelWidth + ProcessAreaId.Count * GridCellWidth;
        foreach (var level in new[] { 1, 2, 3, 4 })
        {
            var y = RowY(gridTop, CommonFeature.OfLevel(level).Last()) + GridCellHeight;
            canvas.Line(ReportPdfCanvas.Left, y, gridRight, y, new PdfColour(0x44, 0x44, 0x44), 0.75);
        }
        var target = PdfColour.Hex(TargetColour);
        foreach (var gap in report.ActiveGap.ProcessAreas.Where(g => g.Target > 0))
        {
            var required = CommonFeature.UpToLevel(gap.Target).Count();
            var bottom = gridTop - CommonFeature.Count * GridCellHeight;
            canvas.Rectangle(ColumnX(gap.ProcessArea) + 1.5, bottom + 1.5, GridCellWidth - 3, required * GridCellHeight - 3, fill: null, target, 2);
        }
        WriteLegend(canvas, report, labels, alertLevel);
    }

    private static double ColumnX(ProcessAreaId pa) => ReportPdfCanvas.Left + GridLabelWidth + pa.Index * GridCellWidth;

    /// <summary>The bottom of a common feature's row: 1.1 is the lowest.</summary>
    private static double RowY(double gridTop, CommonFeature cf) => gridTop - (CommonFeature.Count - cf.Index) * GridCellHeight;

    /// <summary>A cell's box, filled with its rating's colour, and the corner mark when the expert changed it.</summary>
    private static void DrawCell(ReportPdfCanvas canvas, AssessmentReport report, Cell cell, double gridTop)
    {
        var x = ColumnX(cell.ProcessArea);
        var y = RowY(gridTop, cell.CommonFeature);
        var covered = report.Ratings.IsRated(cell);
        canvas.Rectangle(x, y, GridCellWidth, GridCellHeight, PdfColour.Hex(covered ? Fill(report.Ratings[cell].Letter) : NotCoveredFill), PdfColour.White, 1);
        if (DeclaredIfChanged(report, cell) is not null)
        {
            // A corner mark: the expert changed this cell.
            var right = x + GridCellWidth - 0.5;
            var topEdge = y + GridCellHeight - 0.5;
            canvas.Triangle(new PdfPoint(right - 6, topEdge), new PdfPoint(right, topEdge), new PdfPoint(right, topEdge - 6), PdfColour.Text);
        }
    }

    /// <summary>
    /// What a cell says, centred in it: at most "NA", under 6 pt wide at 8 pt in a cell 21.7 pt wide, so it stays clear
    /// of the cell's edges and of the corner mark (the cell's 6 rightmost points, at its top).
    /// </summary>
    private static void DrawCellLetter(ReportPdfCanvas canvas, AssessmentReport report, Cell cell, double gridTop)
    {
        var x = ColumnX(cell.ProcessArea);
        var y = RowY(gridTop, cell.CommonFeature);
        var covered = report.Ratings.IsRated(cell);
        var letter = report.Ratings[cell].Letter;
        // DESIGN §2.2 rule 9: a not-applicable cell says "NA", never a point.
        canvas.TextCentred(covered ? letter.ToString() : report.Ratings.IsNotApplicable(cell) ? "NA" : "–", x + GridCellWidth / 2, y + 4.5, 8, GridCellWidth,
            bold: covered, colour: covered ? PdfColour.Text : PdfColour.Muted);
    }

    private static void WriteLegend(ReportPdfCanvas canvas, AssessmentReport report, ReportLabels labels, string alertLevel)
    {
        var entries = new List<(string Text, PdfColour Fill, bool Outline)>
        {
            (labels.FullyAchieved, PdfColour.Hex(Fill(RatingLetter.F)), false),
            (labels.LargelyAchieved, PdfColour.Hex(Fill(RatingLetter.L)), false),
            (labels.PartiallyAchieved, PdfColour.Hex(Fill(RatingLetter.P)), false),
            (labels.NotAchieved, PdfColour.Hex(Fill(RatingLetter.N)), false),
            (labels.NotCovered, PdfColour.Hex(NotCoveredFill), false),
            (ReportLabels.Format(labels.TargetAt, alertLevel), PdfColour.Hex(TargetColour), true),
        };
        if (report.Overrides.Count > 0)
        {
            entries.Add((labels.Corrections, PdfColour.Text, false));
        }
        const double size = 7.5;
        var lineHeight = ReportPdfCanvas.LineHeight(size) + 3;
        canvas.Space(4);
        var x = ReportPdfCanvas.Left;
        var top = canvas.Reserve(lineHeight);
        foreach (var (text, fill, outline) in entries)
        {
            var width = 12 + canvas.TextWidth(ReportPdfText.ToDrawable(text), size) + 14;
            if (x + width > ReportPdfCanvas.Right && x > ReportPdfCanvas.Left)
            {
                x = ReportPdfCanvas.Left;
                top = canvas.Reserve(lineHeight);
            }
            canvas.Rectangle(x, top - 9, 9, 9, outline ? null : fill, outline ? fill : PdfColour.Rule, outline ? 2 : 0.5);
            canvas.Text(text, x + 12, top - 8, size);
            x += width;
        }
        canvas.Space(6);
    }

    /// <summary>What the grid's column ids stand for, with each PA's actor, target and achieved level.</summary>
    private static void WriteProcessAreas(ReportPdfCanvas canvas, AssessmentReport report, ModelCatalog catalog, ReportLabels labels)
    {
        canvas.Heading(labels.LevelChart, 11);
        PdfColumn[] columns =
        [
            new(labels.ProcessArea, 255),
            new(labels.Actor, 100),
            new(Capitalized(labels.Target), 52, Numeric: true),
            new(Capitalized(labels.Achieved), 52, Numeric: true),
            new(labels.MissingPoints, ReportPdfCanvas.Width - 459, Numeric: true),
        ];
        canvas.Table(columns, report.ActiveGap.ProcessAreas.Select(gap => ((IReadOnlyList<string>)
        [
            $"{gap.ProcessArea.Id} {catalog[gap.ProcessArea].Name.In(labels.Language)}",
            ActorName(gap.Actor, labels),
            Number(gap.Target),
            Number(gap.Achieved),
            Number(gap.MissingPoints),
        ], false)));
    }

    private static void WriteActionPlan(ReportPdfCanvas canvas, AssessmentReport report, ReportLabels labels)
    {
        var plan = report.ActionPlan;
        canvas.Heading(ReportLabels.Format(labels.ActionPlan, AlertLevelName(report.Profile, plan.AlertLevel, labels.Language)));
        foreach (var actor in Actors.All)
        {
            canvas.Heading($"{ActorName(actor, labels)}: {labels.ActionCount(plan.TotalFor(actor))}", 11);
            var items = plan.For(actor).ToArray();
            if (items.Length == 0)
            {
                canvas.Paragraph(labels.NoAction, colour: PdfColour.Muted);
            }
            foreach (var (item, i) in items.Select((item, i) => (item, i)))
            {
                canvas.Block(ActionLines(item, i + 1, labels), indent: 10, bar: item.ClosesLevel ? PdfColour.Hex(TargetColour) : null);
                canvas.Space(4);
            }
        }
    }

    private static IEnumerable<PdfLine> ActionLines(ActionItem item, int number, ReportLabels labels)
    {
        var language = labels.Language;
        yield return new PdfLine(
            $"{number}. {item.ProcessArea.Id.Id} {item.ProcessArea.Name.In(language)} · {item.CommonFeature.Id.Id} {item.CommonFeature.Name.In(language)}",
            Bold: true);
        var closes = item.ClosesLevel ? " — " + ReportLabels.Format(labels.ClosesLevel, item.Level) : "";
        var rating = item.Covered ? LetterAndPercent(item.CurrentRating, labels.Language) : labels.NotCovered;
        yield return new PdfLine($"{ReportLabels.Format(labels.HelpsReach, item.Level)}{closes} — {labels.CurrentRating}: {rating}", 8.5);
        if (item.GenericPractices.Count > 0)
        {
            yield return new PdfLine($"{labels.GenericPractices}: {string.Join(", ", item.GenericPractices.Select(gp => gp.Id))}", 8, Colour: PdfColour.Muted);
        }
        if (item.BasePractices.Count > 0)
        {
            yield return new PdfLine($"{labels.BasePractices}: {string.Join(", ", item.BasePractices.Select(bp => bp.Id))}", 8, Colour: PdfColour.Muted);
        }
    }

    private static void WriteChecklist(ReportPdfCanvas canvas, AssessmentReport report, ModelCatalog catalog, ReportLabels labels)
    {
        var language = labels.Language;
        canvas.Heading(labels.Checklist);
        if (report.NotCovered.Count == 0)
        {
            canvas.Paragraph(labels.AllCovered);
            return;
        }
        canvas.Paragraph(labels.ChecklistIntro);
        canvas.Space(4);
        foreach (var group in report.NotCovered.GroupBy(c => c.ProcessArea).OrderBy(g => g.Key))
        {
            canvas.Block(
            [
                new PdfLine($"{group.Key.Id} {catalog[group.Key].Name.In(language)}", Bold: true),
                new PdfLine(string.Join(" · ", group.OrderBy(c => c.CommonFeature)
                    .Select(c => $"{c.CommonFeature.Id} {catalog[c.CommonFeature].Name.In(language)}")), 8.5),
            ], indent: 10);
            canvas.Space(3);
        }
    }

    private static void WriteDeclaredVsVerified(ReportPdfCanvas canvas, AssessmentReport report, ModelCatalog catalog, ReportLabels labels)
    {
        var language = labels.Language;
        canvas.Heading(labels.DeclaredVsVerified);
        canvas.Heading(labels.Corrections, 11);
        PdfColumn[] columns =
        [
            new(labels.Cell, 140), new(labels.Declared, 62), new(labels.Verified, 62),
            new(labels.Note, 140), new(labels.Expert, 58), new(labels.Date, ReportPdfCanvas.Width - 462),
        ];
        canvas.Table(columns, report.Overrides.OrderBy(o => o.Cell.Index).Select(correction =>
        {
            var cell = correction.Cell;
            var declared = report.DeclaredRatings is { } ratings && ratings.IsNotApplicable(cell) ? "NA"
                : report.DeclaredRatings is { } rated && rated.IsCovered(cell) ? LetterAndPercent(rated[cell], labels.Language) : labels.NotCovered;
            return ((IReadOnlyList<string>)
            [
                $"{cell} {catalog[cell.ProcessArea].Name.In(language)} · {catalog[cell.CommonFeature].Name.In(language)}",
                declared,
                LetterAndPercent(correction.Rating, labels.Language),
                correction.Note,
                correction.ExpertId,
                Typography.Date(correction.At, language),
            ], false);
        }));
        if (report.DeclaredGap is not { } declaredGap)
        {
            return;
        }
        canvas.Heading(labels.MissingDeclaredVsVerified, 11);
        PdfColumn[] totals =
        [
            new(labels.AlertLevel, ReportPdfCanvas.Width - 3 * 90), new(labels.Declared, 90, Numeric: true),
            new(labels.Verified, 90, Numeric: true), new("+/-", 90, Numeric: true),
        ];
        canvas.Table(totals, report.Gap.Variants.Select(verified =>
        {
            var declared = declaredGap.Variant(verified.AlertLevel);
            var active = verified.AlertLevel == report.ActiveAlertLevel;
            return ((IReadOnlyList<string>)
            [
                AlertLevelName(report.Profile, verified.AlertLevel, language) + (active ? $" ({labels.Active})" : ""),
                Number(declared.MissingPoints),
                Number(verified.MissingPoints),
                (verified.MissingPoints - declared.MissingPoints).ToString("+0;-0;0", CultureInfo.InvariantCulture),
            ], active);
        }));
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
