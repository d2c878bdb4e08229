using System.Text;
using SupplierAssessment.Domain.Catalog;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Reports;
using static SupplierAssessment.Adapters.Reports.Markup;

namespace SupplierAssessment.Adapters.Reports;

/// <summary>
/// The capability grid as in the CELAR paper's figures: 22 process areas across, 12 common features up (1.1 at the
/// bottom), each cell coloured by its letter, and the target at the active alert level outlined on each process area.
/// The same grid follows as an HTML table for screen readers and for copying.
/// </summary>
internal static class GridSvg
{
    private const int Left = 40;
    private const int Top = 8;
    private const int CellWidth = 36;
    private const int CellHeight = 24;
    private const int GridWidth = ProcessAreaId.Count * CellWidth;
    private const int GridHeight = CommonFeature.Count * CellHeight;
    private const int Width = Left + GridWidth + 8;
    private const int Height = Top + GridHeight + 28;

    public static void Write(StringBuilder html, AssessmentReport report, ModelCatalog catalog, string language, ReportLabels labels)
    {
        var alertLevel = AlertLevelName(report.Profile, report.ActiveAlertLevel, language);
        var description = ReportLabels.Format(labels.GridDescription, alertLevel);
        html.Line($"<svg class=\"grid-svg\" role=\"img\" aria-label=\"{E(labels.Grid + ": " + description)}\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"Segoe UI, Arial, sans-serif\">");
        html.Line("<defs><pattern id=\"grid-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
            + $"<rect width=\"6\" height=\"6\" fill=\"{NotCoveredFill}\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#8a8a8a\" stroke-width=\"2\"/></pattern></defs>");
        foreach (var cf in CommonFeature.All)
        {
            html.Line($"<text x=\"{Left - 6}\" y=\"{RowY(cf) + CellHeight / 2 + 4}\" text-anchor=\"end\" font-size=\"11\" fill=\"{TextColour}\"><title>{E(cf.Id + " " + catalog[cf].Name.In(language))}</title>{cf.Id}</text>");
        }
        foreach (var pa in ProcessAreaId.All)
        {
            html.Line($"<text x=\"{ColumnX(pa) + CellWidth / 2}\" y=\"{Top + GridHeight + 16}\" text-anchor=\"middle\" font-size=\"10\" fill=\"{TextColour}\"><title>{E(pa.Id + " " + catalog[pa].Name.In(language))}</title>{pa.Id}</text>");
        }
        foreach (var cell in Cell.All)
        {
            WriteCell(html, report, catalog, cell, language, labels);
        }
        // Lines between capability levels: the top of each level's last row.
        foreach (var level in new[] { 1, 2, 3, 4 })
        {
            var y = RowY(CommonFeature.OfLevel(level).Last());
            html.Line($"<line x1=\"{Left}\" y1=\"{y}\" x2=\"{Left + GridWidth}\" y2=\"{y}\" stroke=\"#444\" stroke-width=\"1\"/>");
        }
        foreach (var gap in report.ActiveGap.ProcessAreas.Where(g => g.Target > 0))
        {
            var required = CommonFeature.UpToLevel(gap.Target).Count();
            var title = $"{gap.ProcessArea.Id} {catalog[gap.ProcessArea].Name.In(language)}: {labels.Target} {labels.Level} {gap.Target}, {labels.Achieved} {labels.Level} {gap.Achieved}";
            html.Line($"<rect class=\"target\" data-pa=\"{gap.ProcessArea.Id}\" data-target=\"{gap.Target}\" x=\"{ColumnX(gap.ProcessArea) + 2}\" y=\"{Top + GridHeight - required * CellHeight + 2}\" width=\"{CellWidth - 4}\" height=\"{required * CellHeight - 4}\" fill=\"none\" stroke=\"{TargetColour}\" stroke-width=\"3\"><title>{E(title)}</title></rect>");
        }
        html.Line("</svg>");
        WriteLegend(html, labels, alertLevel);
        WriteTable(html, report, catalog, language, labels);
    }

    private static int ColumnX(ProcessAreaId pa) => Left + pa.Index * CellWidth;

    private static int RowY(CommonFeature cf) => Top + (CommonFeature.Count - 1 - cf.Index) * CellHeight;

    private static void WriteCell(StringBuilder html, AssessmentReport report, ModelCatalog catalog, Cell cell, string language, ReportLabels labels)
    {
        var x = ColumnX(cell.ProcessArea);
        var y = RowY(cell.CommonFeature);
        var notApplicable = report.Ratings.IsNotApplicable(cell);
        var covered = report.Ratings.IsRated(cell);
        var rating = report.Ratings[cell];
        var declared = DeclaredIfChanged(report, cell);
        var title = CellTitle(report, catalog, cell, language, labels);
        var letter = notApplicable ? "NA" : covered ? rating.Letter.ToString() : "none";
        html.Append($"<g class=\"cell\" data-cell=\"{cell}\" data-letter=\"{letter}\"><title>{E(title)}</title>");
        html.Append($"<rect x=\"{x}\" y=\"{y}\" width=\"{CellWidth}\" height=\"{CellHeight}\" fill=\"{(covered ? Fill(rating.Letter) : "url(#grid-hatch)")}\" stroke=\"#ffffff\" stroke-width=\"1\"/>");
        if (covered || notApplicable)
        {
            // A not-applicable cell (DESIGN §2.2 rule 9) says "NA" on the hatch: never a missing point.
            html.Append($"<text x=\"{x + CellWidth / 2}\" y=\"{y + CellHeight / 2 + 4}\" text-anchor=\"middle\" font-size=\"{(notApplicable ? 10 : 12)}\" font-weight=\"600\" fill=\"{TextColour}\">{letter}</text>");
        }
        if (declared is not null)
        {
            // A corner mark: the expert changed this cell.
            html.Append($"<path d=\"M{x + CellWidth - 9},{y} h9 v9 z\" fill=\"{TextColour}\"/>");
        }
        html.Line("</g>");
    }

    /// <summary>"PA01 Administer Security Controls · 2.1 Allocating Resources: L (70 %), declared P (40 %)".</summary>
    public static string CellTitle(AssessmentReport report, ModelCatalog catalog, Cell cell, string language, ReportLabels labels)
    {
        var where = $"{cell.ProcessArea.Id} {catalog[cell.ProcessArea].Name.In(language)} · {cell.CommonFeature.Id} {catalog[cell.CommonFeature].Name.In(language)}";
        var what = report.Ratings.IsNotApplicable(cell) ? (labels.Language == "fr" ? "non applicable (NA)" : "not applicable (NA)")
            : report.Ratings.IsCovered(cell) ? LetterAndPercent(report.Ratings[cell], labels.Language) : labels.NotCovered;
        return DeclaredIfChanged(report, cell) is { } declared
            ? $"{where}: {what}, {labels.DeclaredRating} {DeclaredText(report, cell, declared, labels)}"
            : $"{where}: {what}";
    }

    /// <summary>What the supplier declared for a corrected cell: "NA" for an N/A claim the expert rejected, as the corrections table says.</summary>
    private static string DeclaredText(AssessmentReport report, Cell cell, Rating declared, ReportLabels labels) =>
        report.DeclaredRatings!.IsNotApplicable(cell) ? "NA"
        : report.DeclaredRatings.IsCovered(cell) ? LetterAndPercent(declared, labels.Language)
        : labels.NotCovered;

    private static void WriteLegend(StringBuilder html, ReportLabels labels, string alertLevel)
    {
        html.Line("<ul class=\"legend\">");
        html.Line($"<li><span class=\"swatch r-F\"></span>{E(labels.FullyAchieved)}</li>");
        html.Line($"<li><span class=\"swatch r-L\"></span>{E(labels.LargelyAchieved)}</li>");
        html.Line($"<li><span class=\"swatch r-P\"></span>{E(labels.PartiallyAchieved)}</li>");
        html.Line($"<li><span class=\"swatch r-N\"></span>{E(labels.NotAchieved)}</li>");
        html.Line($"<li><span class=\"swatch nc\"></span>{E(labels.NotCovered)}</li>");
        html.Line($"<li><span class=\"swatch target\"></span>{E(ReportLabels.Format(labels.TargetAt, alertLevel))}</li>");
        html.Line("</ul>");
    }

    private static void WriteTable(StringBuilder html, AssessmentReport report, ModelCatalog catalog, string language, ReportLabels labels)
    {
        html.Line($"<details class=\"grid-table\"><summary>{E(labels.GridAsTable)}</summary>");
        html.Line($"<table class=\"grid\"><caption>{E(labels.Grid)}</caption><thead><tr><th scope=\"col\">{E(labels.CommonFeature)}</th>");
        foreach (var pa in ProcessAreaId.All)
        {
            html.Append($"<th scope=\"col\"><abbr title=\"{E(catalog[pa].Name.In(language))}\">{pa.Id}</abbr></th>");
        }
        html.Line("</tr></thead><tbody>");
        foreach (var cf in CommonFeature.All.Reverse())
        {
            html.Append($"<tr><th scope=\"row\"><abbr title=\"{E(catalog[cf].Name.In(language))}\">{cf.Id}</abbr></th>");
            foreach (var pa in ProcessAreaId.All)
            {
                var cell = new Cell(pa, cf);
                var inTarget = cf.Level <= report.ActiveGap[pa].Target ? " in-target" : "";
                var title = E(CellTitle(report, catalog, cell, language, labels));
                html.Append(report.Ratings.IsNotApplicable(cell)
                    ? $"<td class=\"na{inTarget}\" data-cell=\"{cell}\" title=\"{title}\">NA</td>"
                    : report.Ratings.IsCovered(cell)
                    ? $"<td class=\"r-{report.Ratings[cell].Letter}{inTarget}\" data-cell=\"{cell}\" title=\"{title}\">{report.Ratings[cell].Letter}</td>"
                    : $"<td class=\"nc{inTarget}\" data-cell=\"{cell}\" title=\"{title}\">–</td>");
            }
            html.Line("</tr>");
        }
        html.Line("</tbody></table></details>");
    }
}
