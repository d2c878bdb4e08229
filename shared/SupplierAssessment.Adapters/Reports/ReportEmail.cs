using System.Text;
using SupplierAssessment.Domain.Catalog;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Reports;
using static SupplierAssessment.Adapters.Reports.Markup;

namespace SupplierAssessment.Adapters.Reports;

/// <summary>The email that tells the project manager a report version is out: subject, HTML for mail clients, plain text.</summary>
public sealed record ReportEmailContent(string Subject, string Html, string Text);

/// <summary>
/// Mail clients show neither SVG nor stylesheets: the email is table-based with inline style attributes only,
/// the grid as coloured table cells, the first actions, and a prominent link to the full report.
/// </summary>
public static class ReportEmail
{
    public const int TopActionCount = 10;

    private const string Font = "font-family:Arial,Helvetica,sans-serif;color:#111111;";
    private const string CellStyle = "border:1px solid #c8c8c8;padding:4px 8px;";

    public static ReportEmailContent Render(AssessmentReport report, ModelCatalog catalog, Uri reportLink, string language = "en")
    {
        ArgumentNullException.ThrowIfNull(reportLink);
        if (!reportLink.IsAbsoluteUri || (reportLink.Scheme != Uri.UriSchemeHttps && reportLink.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("The report link is an absolute http(s) address.", nameof(reportLink));
        }
        var labels = ReportLabels.For(language);
        var alertLevel = AlertLevelName(report.Profile, report.ActiveAlertLevel, labels.Language);
        var subject = SingleLine(ReportLabels.Format(report.Verified ? labels.SubjectVerifiedReport : labels.SubjectReport,
            report.SupplierName, labels.MissingPointsOf(report.ActiveGap.MissingPoints), alertLevel, report.Version));
        return new ReportEmailContent(subject, Html(report, catalog, reportLink, labels, subject), ReportEmailText.Render(report, reportLink, labels));
    }

    private static string Html(AssessmentReport report, ModelCatalog catalog, Uri link, ReportLabels labels, string subject)
    {
        var language = labels.Language;
        var href = E(link.AbsoluteUri);
        var html = new StringBuilder(48 * 1024);
        html.Line($"<!DOCTYPE html><html lang=\"{language}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{E(subject)}</title></head>");
        html.Line($"<body style=\"margin:0;padding:0;background-color:#f3f3f3;\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" bgcolor=\"#f3f3f3\"><tr><td align=\"center\" style=\"padding:16px;\">");
        html.Line($"<table role=\"presentation\" width=\"680\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" bgcolor=\"#ffffff\" style=\"max-width:680px;{Font}font-size:14px;line-height:1.4;\"><tr><td style=\"padding:20px;\">");
        html.Line($"<p style=\"margin:0;color:#555555;\">{E(labels.Title)}</p>");
        html.Line($"<h1 style=\"margin:4px 0 8px;font-size:22px;\">{E(report.SupplierName)}</h1>");
        var badge = report.Verified
            ? $"<span style=\"background-color:#e3f4e0;color:#1b5e20;border:2px solid #1b5e20;padding:2px 8px;font-weight:bold;\">✔ {E(labels.VerifiedBadge)}</span>"
            : $"<span style=\"background-color:#fff4e0;color:#7a4100;border:2px solid #7a4100;padding:2px 8px;font-weight:bold;\">{E(labels.DeclaredBadge)}</span>";
        html.Line($"<p style=\"margin:0 0 12px;\"><strong>{E(ReportLabels.Format(labels.ReportVersion, report.Version))}</strong> {badge}</p>");
        html.Line($"<p style=\"margin:0 0 12px;\">{E(ReportLabels.Format(labels.EmailIntro, report.Version, report.SupplierName, report.ProcurementName))}</p>");
        Button(html, href, labels);
        Summary(html, report, labels);
        Grid(html, report, catalog, labels);
        TopActions(html, report, labels);
        Button(html, href, labels);
        html.Line($"<p style=\"margin:8px 0 0;font-size:12px;color:#555555;word-break:break-all;\"><a href=\"{href}\" style=\"color:#1f3a93;\">{href}</a></p>");
        html.Line("</td></tr></table></td></tr></table></body></html>");
        return Typography.PunctuateHtml(html.ToString(), labels.Language);
    }

    private static void Button(StringBuilder html, string href, ReportLabels labels) =>
        html.Line("<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"margin:16px 0;\"><tr>"
            + $"<td bgcolor=\"{TargetColour}\" style=\"border-radius:4px;\"><a href=\"{href}\" style=\"display:inline-block;padding:12px 22px;{Font}color:#ffffff;font-size:16px;font-weight:bold;text-decoration:none;\">"
            + $"{E(labels.OpenReport)} →</a></td></tr></table>");

    private static void Summary(StringBuilder html, AssessmentReport report, ReportLabels labels)
    {
        var language = labels.Language;
        var gap = report.ActiveGap;
        html.Line($"<h2 style=\"font-size:17px;margin:16px 0 6px;\">{E(labels.Summary)}</h2>");
        html.Line($"<p style=\"margin:0 0 8px;font-size:16px;\"><strong style=\"font-size:24px;\">{gap.MissingPoints}</strong> "
            + $"{E(labels.MissingAt(gap.MissingPoints, AlertLevelName(report.Profile, report.ActiveAlertLevel, language)))}</p>");
        html.Append($"<table role=\"table\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;{Font}font-size:13px;\"><tr bgcolor=\"#eeeeee\">");
        html.Append($"<th align=\"left\" style=\"{CellStyle}\">{E(labels.AlertLevel)}</th><th align=\"right\" style=\"{CellStyle}\">{E(labels.MissingPoints)}</th>");
        if (report.DeclaredGap is not null)
        {
            html.Append($"<th align=\"right\" style=\"{CellStyle}\">{E(labels.MissingPoints)} ({E(labels.Declared)})</th>");
        }
        html.Append($"<th align=\"right\" style=\"{CellStyle}\">{E(labels.ExceedingPoints)}</th>");
        html.Append(string.Concat(Actors.All.Select(a => $"<th align=\"right\" style=\"{CellStyle}\">{E(ActorName(a, labels))}</th>")));
        html.Line("</tr>");
        foreach (var variant in report.Gap.Variants)
        {
            var active = variant.AlertLevel == report.ActiveAlertLevel;
            var weight = active ? "font-weight:bold;" : "";
            html.Append($"<tr{(active ? " bgcolor=\"#eef1fb\"" : "")}><td style=\"{CellStyle}{weight}\">{E(AlertLevelName(report.Profile, variant.AlertLevel, language))}"
                + (active ? $" ({E(labels.Active)})" : "") + "</td>");
            html.Append(Number(variant.MissingPoints, weight));
            if (report.DeclaredGap is { } declared)
            {
                html.Append(Number(declared.Variant(variant.AlertLevel).MissingPoints, weight));
            }
            html.Append(Number(variant.ExceedingPoints, weight));
            html.Append(string.Concat(Actors.All.Select(a => Number(variant.MissingBy(a), weight))));
            html.Line("</tr>");
        }
        html.Line("</table>");
        var baseline = report.Baseline;
        html.Line($"<p style=\"margin:8px 0 0;\">{E(ReportLabels.Format(labels.Baseline, baseline.BaselineLevel, baseline.Uniform.MissingPoints, baseline.SavedPoints))}</p>");
        if (report.NotApplicable.Count > 0) // DESIGN §2.2 rule 9: the cells claimed not applicable, never a point
        {
            html.Line($"<p style=\"margin:4px 0 0;\" data-metric=\"not-applicable\">{E((labels.Language == "fr" ? "Cases non applicables (N/A)" : "Cells not applicable (N/A)"))}: {report.NotApplicable.Count}</p>");
        }
    }

    private static string Number(int value, string weight) => $"<td align=\"right\" style=\"{CellStyle}{weight}\">{value}</td>";

    private static void Grid(StringBuilder html, AssessmentReport report, ModelCatalog catalog, ReportLabels labels)
    {
        var language = labels.Language;
        var alertLevel = AlertLevelName(report.Profile, report.ActiveAlertLevel, language);
        html.Line($"<h2 style=\"font-size:17px;margin:18px 0 6px;\">{E(labels.Grid)}</h2>");
        html.Append($"<table role=\"table\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;{Font}font-size:10px;\"><tr><td></td>");
        foreach (var pa in ProcessAreaId.All)
        {
            html.Append($"<th title=\"{E(pa.Id + " " + catalog[pa].Name.In(language))}\" style=\"padding:2px 1px;font-size:9px;\">{pa.Number:00}</th>");
        }
        html.Line("</tr>");
        foreach (var cf in CommonFeature.All.Reverse())
        {
            html.Append($"<tr><th align=\"right\" title=\"{E(catalog[cf].Name.In(language))}\" style=\"padding:1px 4px;font-size:10px;\">{cf.Id}</th>");
            foreach (var pa in ProcessAreaId.All)
            {
                var cell = new Cell(pa, cf);
                var covered = report.Ratings.IsRated(cell);
                var notApplicable = report.Ratings.IsNotApplicable(cell); // DESIGN §2.2 rule 9: "NA", never a point
                var letter = report.Ratings[cell].Letter;
                var border = cf.Level <= report.ActiveGap[pa].Target ? $"2px solid {TargetColour}" : "1px solid #ffffff";
                html.Append($"<td align=\"center\" bgcolor=\"{(covered ? Fill(letter) : NotCoveredFill)}\" data-cell=\"{cell}\" "
                    + $"style=\"width:22px;height:18px;border:{border};font-weight:bold;color:{TextColour};\">{(covered ? letter.ToString() : notApplicable ? "NA" : "–")}</td>");
            }
            html.Line("</tr>");
        }
        html.Line("</table>");
        html.Line($"<p style=\"margin:4px 0 0;font-size:11px;color:#555555;\">{E(labels.FullyAchieved)} · {E(labels.LargelyAchieved)} · {E(labels.PartiallyAchieved)} · "
            + $"{E(labels.NotAchieved)} · – {E(labels.NotCovered)} · <span style=\"border:2px solid {TargetColour};padding:0 4px;\">&nbsp;</span> {E(ReportLabels.Format(labels.TargetAt, alertLevel))}</p>");
    }

    private static void TopActions(StringBuilder html, AssessmentReport report, ReportLabels labels)
    {
        var language = labels.Language;
        var plan = report.ActionPlan;
        html.Line($"<h2 style=\"font-size:17px;margin:18px 0 6px;\">{E(labels.TopActions)} ({Math.Min(TopActionCount, plan.Total)} / {plan.Total})</h2>");
        if (plan.Total == 0)
        {
            html.Line($"<p style=\"margin:0;\">{E(labels.NoAction)}</p>");
            return;
        }
        html.Line($"<table role=\"table\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"border-collapse:collapse;{Font}font-size:13px;\"><tr bgcolor=\"#eeeeee\">"
            + $"<th style=\"{CellStyle}\">#</th><th align=\"left\" style=\"{CellStyle}\">{E(labels.Actor)}</th><th align=\"left\" style=\"{CellStyle}\">{E(labels.ProcessArea)}</th>"
            + $"<th align=\"left\" style=\"{CellStyle}\">{E(labels.CommonFeature)}</th><th align=\"left\" style=\"{CellStyle}\">{E(labels.Level)}</th>"
            + $"<th align=\"left\" style=\"{CellStyle}\">{E(labels.CurrentRating)}</th></tr>");
        foreach (var (item, i) in plan.Items.Take(TopActionCount).Select((item, i) => (item, i)))
        {
            var level = ReportLabels.Format(labels.HelpsReach, item.Level) + (item.ClosesLevel ? ", " + ReportLabels.Format(labels.ClosesLevel, item.Level) : "");
            var rating = item.Covered ? LetterAndPercent(item.CurrentRating, labels.Language) : labels.NotCovered;
            var fill = item.Covered ? Fill(item.CurrentRating.Letter) : NotCoveredFill;
            html.Line($"<tr data-cell=\"{item.Cell}\"><td align=\"right\" style=\"{CellStyle}\">{i + 1}</td><td style=\"{CellStyle}\">{E(ActorName(item.Actor, labels))}</td>"
                + $"<td style=\"{CellStyle}\">{item.ProcessArea.Id.Id} {E(item.ProcessArea.Name.In(language))}</td>"
                + $"<td style=\"{CellStyle}\">{item.CommonFeature.Id.Id} {E(item.CommonFeature.Name.In(language))}</td>"
                + $"<td style=\"{CellStyle}{(item.ClosesLevel ? "font-weight:bold;" : "")}\">{E(level)}</td>"
                + $"<td bgcolor=\"{fill}\" style=\"{CellStyle}\">{E(rating)}</td></tr>");
        }
        html.Line("</table>");
    }
}
