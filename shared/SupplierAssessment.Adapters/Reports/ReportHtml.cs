using System.Text;
using SupplierAssessment.Domain.Catalog;
using SupplierAssessment.Domain.Gap;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Reports;
using static SupplierAssessment.Adapters.Reports.Markup;

namespace SupplierAssessment.Adapters.Reports;

/// <summary>
/// A report version as one self-contained HTML5 page: no script, no external resource, one inline stylesheet
/// (screen and print). Everything users typed is HTML-encoded, in the SVG too.
/// </summary>
public static class ReportHtml
{
    /// <summary>
    /// The Content-Security-Policy to serve the page with: nothing may load or run; only this page's own stylesheet
    /// (by its hash) applies.
    /// </summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src {ReportStyle.Hash}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Renders the page in "en" or "fr" (labels and the catalog's names).</summary>
    public static string Render(AssessmentReport report, ModelCatalog catalog, string language = "en")
    {
        var labels = ReportLabels.For(language);
        var html = new StringBuilder(96 * 1024);
        var title = $"{report.SupplierName} · {ReportLabels.Format(labels.ReportVersion, report.Version)}";
        html.Line("<!DOCTYPE html>");
        html.Line($"<html lang=\"{labels.Language}\">");
        html.Line("<head>");
        html.Line("<meta charset=\"utf-8\">");
        html.Line("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Line("<meta name=\"referrer\" content=\"no-referrer\">");
        html.Line($"<title>{E(title)}</title>");
        html.Append("<style>").Append(ReportStyle.Css).Line("</style>");
        html.Line("</head>");
        html.Line("<body>");
        WriteHeader(html, report, labels);
        html.Line("<main>");
        WriteSummary(html, report, labels);
        ReportTargets.WriteHtml(html, report, catalog, labels);
        html.Line($"<section id=\"grid\"><h2>{E(labels.Grid)}</h2>");
        GridSvg.Write(html, report, catalog, labels.Language, labels);
        html.Line("</section>");
        html.Line($"<section id=\"levels\"><h2>{E(labels.LevelChart)}</h2>");
        LevelChart.Write(html, report, catalog, labels.Language, labels);
        html.Line("</section>");
        WritePointsPerAlertLevel(html, report, labels);
        ReportHistory.WriteHtml(html, report, catalog, labels);
        ReportSections.WriteActionPlan(html, report, labels);
        ReportSections.WriteChecklist(html, report, catalog, labels);
        if (report.Verified)
        {
            ReportSections.WriteDeclaredVsVerified(html, report, catalog, labels);
        }
        html.Line("</main>");
        html.Line("</body>");
        html.Line("</html>");
        return Typography.PunctuateHtml(html.ToString(), labels.Language);
    }

    private static void WriteHeader(StringBuilder html, AssessmentReport report, ReportLabels labels)
    {
        var profile = report.Profile;
        html.Line("<header>");
        html.Line($"<p class=\"muted\">{E(labels.Title)}</p>");
        html.Line($"<h1>{E(report.SupplierName)}</h1>");
        html.Line($"<p><strong data-metric=\"version\">{E(ReportLabels.Format(labels.ReportVersion, report.Version))}</strong> "
            + (report.Verified
                ? $"<span class=\"badge verified\">✔ {E(labels.VerifiedBadge)}</span>"
                : $"<span class=\"badge declared\">{E(labels.DeclaredBadge)}</span>") + "</p>");
        html.Line("<dl>");
        html.Line($"<dt>{E(labels.Procurement)}</dt><dd>{E(report.ProcurementName)}</dd>");
        html.Line($"<dt>{E(labels.Supplier)}</dt><dd>{E(report.SupplierName)}</dd>");
        html.Line($"<dt>{E(labels.Date)}</dt><dd><time datetime=\"{IsoDate(report.CreatedAt)}\">{Typography.Date(report.CreatedAt, labels.Language)}</time></dd>");
        html.Line($"<dt>{E(labels.Questionnaire)}</dt><dd>{E(report.TemplateKey)}</dd>");
        html.Line($"<dt>{E(labels.Profile)}</dt><dd>{E(profile.Name.In(labels.Language))}, {E(labels.Version)} {E(profile.VersionLabel)}</dd>");
        html.Line($"<dt>{E(labels.ActiveAlertLevel)}</dt><dd>{E(AlertLevelName(profile, report.ActiveAlertLevel, labels.Language))}</dd>");
        html.Line("</dl>");
        html.Line("</header>");
    }

    private static void WriteSummary(StringBuilder html, AssessmentReport report, ReportLabels labels)
    {
        var gap = report.ActiveGap;
        var alertLevel = AlertLevelName(report.Profile, report.ActiveAlertLevel, labels.Language);
        html.Line($"<section id=\"summary\"><h2>{E(labels.Summary)}</h2>");
        html.Line("<div class=\"figures\">");
        Figure(html, "missing", gap.MissingPoints, labels.MissingAt(gap.MissingPoints, alertLevel), main: true);
        foreach (var actor in Actors.All)
        {
            Figure(html, actor.ToId(), gap.MissingBy(actor), ActorName(actor, labels));
        }
        Figure(html, "exceeding", gap.ExceedingPoints, labels.ExceedingPoints);
        Figure(html, "not-applicable", report.NotApplicable.Count, labels.Language == "fr" ? "Cases non applicables (N/A)" : "Cells not applicable (N/A)");
        html.Line("</div>");
        var baseline = report.Baseline;
        html.Line($"<p class=\"baseline\" data-uniform=\"{baseline.Uniform.MissingPoints}\" data-saved=\"{baseline.SavedPoints}\">"
            + E(ReportLabels.Format(labels.Baseline, baseline.BaselineLevel, baseline.Uniform.MissingPoints, baseline.SavedPoints)) + "</p>");
        html.Line("</section>");
    }

    private static void Figure(StringBuilder html, string metric, int value, string label, bool main = false) =>
        html.Line($"<div class=\"figure{(main ? " main" : "")}\"><span class=\"value\" data-metric=\"{metric}\">{value}</span>{E(label)}</div>");

    private static void WritePointsPerAlertLevel(StringBuilder html, AssessmentReport report, ReportLabels labels)
    {
        html.Line($"<section id=\"alert-levels\"><h2>{E(labels.PointsPerAlertLevel)}</h2>");
        html.Line($"<table class=\"points\"><thead><tr><th scope=\"col\">{E(labels.AlertLevel)}</th>"
            + $"<th scope=\"col\" class=\"num\">{E(labels.MissingPoints)}</th><th scope=\"col\" class=\"num\">{E(labels.ExceedingPoints)}</th>"
            + string.Concat(Actors.All.Select(a => $"<th scope=\"col\" class=\"num\">{E(ActorName(a, labels))}</th>"))
            + "</tr></thead><tbody>");
        foreach (var variant in report.Gap.Variants)
        {
            html.Line(PointsRow(report, variant, labels));
        }
        html.Line("</tbody></table></section>");
    }

    private static string PointsRow(AssessmentReport report, AlertLevelGap variant, ReportLabels labels)
    {
        var active = variant.AlertLevel == report.ActiveAlertLevel;
        var name = E(AlertLevelName(report.Profile, variant.AlertLevel, labels.Language))
            + (active ? $" <span class=\"tag\">{E(labels.Active)}</span>" : "");
        return $"<tr{(active ? " class=\"active\" aria-current=\"true\"" : "")} data-alert-level=\"{E(variant.AlertLevel)}\"><th scope=\"row\">{name}</th>"
            + $"<td class=\"num\">{variant.MissingPoints}</td><td class=\"num\">{variant.ExceedingPoints}</td>"
            + string.Concat(Actors.All.Select(a => $"<td class=\"num\">{variant.MissingBy(a)}</td>")) + "</tr>";
    }
}
