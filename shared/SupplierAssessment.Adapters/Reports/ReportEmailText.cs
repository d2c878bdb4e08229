using System.Text;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Reports;
using static SupplierAssessment.Adapters.Reports.Markup;

namespace SupplierAssessment.Adapters.Reports;

/// <summary>The plain-text alternative of the report email: the same numbers and the link.</summary>
internal static class ReportEmailText
{
    public static string Render(AssessmentReport report, Uri link, ReportLabels labels)
    {
        var language = labels.Language;
        var gap = report.ActiveGap;
        var text = new StringBuilder(4 * 1024);
        text.Line(labels.Title);
        text.Line($"{SingleLine(report.SupplierName)} — {ReportLabels.Format(labels.ReportVersion, report.Version)} — "
            + (report.Verified ? labels.VerifiedBadge : labels.DeclaredBadge));
        text.Line($"{labels.Procurement}: {SingleLine(report.ProcurementName)}");
        text.Line($"{labels.Profile}: {report.Profile.Name.In(language)}, {labels.Version} {report.Profile.VersionLabel}");
        text.Line($"{labels.Date}: {Typography.Date(report.CreatedAt, language)}");
        text.Line("");
        text.Line($"{labels.OpenReport}: {link.AbsoluteUri}");
        text.Line("");
        text.Line($"== {labels.Summary} ==");
        text.Line($"{gap.MissingPoints} {labels.MissingAt(gap.MissingPoints, SingleLine(AlertLevelName(report.Profile, report.ActiveAlertLevel, language)))}");
        foreach (var actor in Actors.All)
        {
            text.Line($"  {ActorName(actor, labels)}: {gap.MissingBy(actor)}");
        }
        text.Line($"{labels.ExceedingPoints}: {gap.ExceedingPoints}");
        if (report.NotApplicable.Count > 0) // DESIGN §2.2 rule 9: the cells claimed not applicable, never a point
        {
            text.Line($"{(labels.Language == "fr" ? "Cases non applicables (N/A)" : "Cells not applicable (N/A)")}: {report.NotApplicable.Count}");
        }
        var baseline = report.Baseline;
        text.Line(ReportLabels.Format(labels.Baseline, baseline.BaselineLevel, baseline.Uniform.MissingPoints, baseline.SavedPoints));
        text.Line("");
        text.Line($"== {labels.PointsPerAlertLevel} ==");
        foreach (var variant in report.Gap.Variants)
        {
            var active = variant.AlertLevel == report.ActiveAlertLevel ? $" ({labels.Active})" : "";
            var declared = report.DeclaredGap is { } declaredGap
                ? $" ({labels.Declared}: {declaredGap.Variant(variant.AlertLevel).MissingPoints})"
                : "";
            text.Line($"  {SingleLine(AlertLevelName(report.Profile, variant.AlertLevel, language))}{active}: "
                + $"{labels.MissingPoints} {variant.MissingPoints}{declared}, {labels.ExceedingPoints} {variant.ExceedingPoints} — "
                + string.Join(", ", Actors.All.Select(a => $"{ActorName(a, labels)} {variant.MissingBy(a)}")));
        }
        text.Line("");
        var plan = report.ActionPlan;
        text.Line($"== {labels.TopActions} ({Math.Min(ReportEmail.TopActionCount, plan.Total)} / {plan.Total}) ==");
        if (plan.Total == 0)
        {
            text.Line(labels.NoAction);
        }
        foreach (var (item, i) in plan.Items.Take(ReportEmail.TopActionCount).Select((item, i) => (item, i)))
        {
            var closes = item.ClosesLevel ? ", " + ReportLabels.Format(labels.ClosesLevel, item.Level) : "";
            var rating = item.Covered ? LetterAndPercent(item.CurrentRating, labels.Language) : labels.NotCovered;
            text.Line($"{i + 1,2}. {item.ProcessArea.Id.Id} {item.ProcessArea.Name.In(language)} · {item.CommonFeature.Id.Id} {item.CommonFeature.Name.In(language)}");
            text.Line($"    {ActorName(item.Actor, labels)} — {ReportLabels.Format(labels.HelpsReach, item.Level)}{closes} — {labels.CurrentRating}: {rating}");
        }
        text.Line("");
        text.Line($"{labels.OpenReport}: {link.AbsoluteUri}");
        return Typography.Punctuate(text.ToString(), language);
    }
}
