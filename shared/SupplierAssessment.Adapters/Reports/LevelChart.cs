using System.Text;
using SupplierAssessment.Domain.Catalog;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Reports;
using static SupplierAssessment.Adapters.Reports.Markup;

namespace SupplierAssessment.Adapters.Reports;

/// <summary>Per process area, two bars: the achieved level (green when it meets the target, red when short) and the target.</summary>
internal static class LevelChart
{
    private const int Left = 28;
    private const int Top = 8;
    private const int ColumnWidth = 36;
    private const int LevelHeight = 26;
    private const int PlotHeight = CommonFeature.MaxLevel * LevelHeight;
    private const int Width = Left + ProcessAreaId.Count * ColumnWidth + 8;
    private const int Height = Top + PlotHeight + 26;
    private const string MetColour = "#2f7d32";
    private const string ShortColour = "#c0392b";

    public static void Write(StringBuilder html, AssessmentReport report, ModelCatalog catalog, string language, ReportLabels labels)
    {
        html.Line($"<svg class=\"level-chart\" role=\"img\" aria-label=\"{E(labels.LevelChart)}\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" xmlns=\"http://www.w3.org/2000/svg\" font-family=\"Segoe UI, Arial, sans-serif\">");
        for (var level = 0; level <= CommonFeature.MaxLevel; level++)
        {
            var y = Top + PlotHeight - level * LevelHeight;
            html.Line($"<line x1=\"{Left}\" y1=\"{y}\" x2=\"{Width - 8}\" y2=\"{y}\" stroke=\"{(level == 0 ? "#444" : "#d5d5d5")}\" stroke-width=\"1\"/>"
                + $"<text x=\"{Left - 6}\" y=\"{y + 4}\" text-anchor=\"end\" font-size=\"10\" fill=\"{TextColour}\">{level}</text>");
        }
        foreach (var gap in report.ActiveGap.ProcessAreas)
        {
            var x = Left + gap.ProcessArea.Index * ColumnWidth;
            var name = $"{gap.ProcessArea.Id} {catalog[gap.ProcessArea].Name.In(language)}";
            var title = $"{name}: {labels.Achieved} {labels.Level} {gap.Achieved}, {labels.Target} {labels.Level} {gap.Target}";
            html.Append($"<g class=\"pa-bars\" data-pa=\"{gap.ProcessArea.Id}\" data-achieved=\"{gap.Achieved}\" data-target=\"{gap.Target}\"><title>{E(title)}</title>");
            var achievedHeight = gap.Achieved * LevelHeight;
            html.Append($"<rect class=\"achieved\" x=\"{x + 6}\" y=\"{Top + PlotHeight - achievedHeight}\" width=\"12\" height=\"{achievedHeight}\" fill=\"{(gap.Achieved >= gap.Target ? MetColour : ShortColour)}\"/>");
            var targetHeight = gap.Target * LevelHeight;
            html.Append($"<rect class=\"target\" x=\"{x + 19}\" y=\"{Top + PlotHeight - targetHeight}\" width=\"12\" height=\"{targetHeight}\" fill=\"#ffffff\" stroke=\"{TargetColour}\" stroke-width=\"2\"/>");
            html.Line($"<text x=\"{x + ColumnWidth / 2}\" y=\"{Top + PlotHeight + 16}\" text-anchor=\"middle\" font-size=\"10\" fill=\"{TextColour}\">{gap.ProcessArea.Id}</text></g>");
        }
        html.Line("</svg>");
        html.Line("<ul class=\"legend\">"
            + $"<li><span class=\"swatch bar-met\"></span>{E(labels.Achieved)} ≥ {E(labels.Target)}</li>"
            + $"<li><span class=\"swatch bar-short\"></span>{E(labels.Achieved)} &lt; {E(labels.Target)}</li>"
            + $"<li><span class=\"swatch target\"></span>{E(labels.Target)}</li></ul>");
    }
}
