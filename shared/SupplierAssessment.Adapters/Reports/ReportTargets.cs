using System.Globalization;
using System.Text;
using SupplierAssessment.Domain.Catalog;
using SupplierAssessment.Domain.Reports;
using static SupplierAssessment.Adapters.Reports.Markup;

namespace SupplierAssessment.Adapters.Reports;

/// <summary>
/// The report's section "Targets set for this procurement" (issue 10, part 4), in HTML and PDF: each target the project
/// manager adjusted — process area, alert level, the profile's target → this procurement's, and the reason as typed.
/// Written only when the report has adjusted targets (<see cref="AssessmentReport.AdjustedTargets"/>).
/// </summary>
internal static class ReportTargets
{
    private sealed record Texts(string Heading, string Intro, string ProcessArea, string AlertLevel, string ProfileTarget, string Target, string Reason);

    private static readonly Texts En = new(
        "Targets set for this procurement",
        "The project manager set these targets before the first report, instead of the profile's; every supplier of this procurement is measured against them.",
        "Process area", "Alert level", "Profile's target", "This procurement's target", "Reason");

    private static readonly Texts Fr = new(
        "Cibles fixées pour cette consultation",
        "Le chef de projet a fixé ces cibles avant le premier rapport, à la place de celles du profil ; chaque fournisseur de cette consultation est mesuré par rapport à elles.",
        "Domaine de processus", "Niveau d'alerte", "Cible du profil", "Cible de cette consultation", "Raison");

    private static Texts For(string language) => language == "fr" ? Fr : En;

    public static void WriteHtml(StringBuilder html, AssessmentReport report, ModelCatalog catalog, ReportLabels labels)
    {
        if (report.AdjustedTargets.Count == 0)
        {
            return;
        }
        var texts = For(labels.Language);
        html.Line($"<section id=\"procurement-targets\"><h2>{E(texts.Heading)}</h2>");
        html.Line($"<p>{E(texts.Intro)}</p>");
        html.Line($"<table class=\"points\"><thead><tr><th scope=\"col\">{E(texts.ProcessArea)}</th><th scope=\"col\">{E(texts.AlertLevel)}</th>"
            + $"<th scope=\"col\" class=\"num\">{E(texts.ProfileTarget)}</th><th scope=\"col\" class=\"num\">{E(texts.Target)}</th>"
            + $"<th scope=\"col\">{E(texts.Reason)}</th></tr></thead><tbody>");
        foreach (var a in report.AdjustedTargets)
        {
            html.Line($"<tr data-pa=\"{a.ProcessArea.Id}\" data-alert-level=\"{E(a.AlertLevel)}\">"
                + $"<th scope=\"row\">{a.ProcessArea.Id} {E(catalog[a.ProcessArea].Name.In(labels.Language))}</th>"
                + $"<td>{E(AlertLevelName(report.Profile, a.AlertLevel, labels.Language))}</td>"
                + $"<td class=\"num\" data-metric=\"profile-target\">{Level(a.ProfileTarget)}</td>"
                + $"<td class=\"num\" data-metric=\"target\">{Level(a.Target)}</td>"
                + $"<td class=\"reason\">{E(a.Reason)}</td></tr>");
        }
        html.Line("</tbody></table></section>");
    }

    public static void WritePdf(ReportPdfCanvas canvas, AssessmentReport report, ModelCatalog catalog, ReportLabels labels)
    {
        if (report.AdjustedTargets.Count == 0)
        {
            return;
        }
        var texts = For(labels.Language);
        canvas.Heading(texts.Heading);
        canvas.Paragraph(texts.Intro);
        canvas.Space(2);
        const double level = 60;
        const double area = 130;
        const double alert = 70;
        canvas.Table(
            [
                new PdfColumn(texts.ProcessArea, area),
                new PdfColumn(texts.AlertLevel, alert),
                new PdfColumn(texts.ProfileTarget, level, Numeric: true),
                new PdfColumn(texts.Target, level, Numeric: true),
                new PdfColumn(texts.Reason, ReportPdfCanvas.Width - area - alert - 2 * level),
            ],
            report.AdjustedTargets.Select(a => ((IReadOnlyList<string>)
            [
                $"{a.ProcessArea.Id} {catalog[a.ProcessArea].Name.In(labels.Language)}",
                AlertLevelName(report.Profile, a.AlertLevel, labels.Language),
                Level(a.ProfileTarget),
                Level(a.Target),
                a.Reason,
            ], false)));
    }

    private static string Level(int level) => level.ToString(CultureInfo.InvariantCulture);
}
