using System.Globalization;
using System.Text;
using SupplierAssessment.Domain.ActionPlans;
using SupplierAssessment.Domain.Catalog;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Reports;
using static SupplierAssessment.Adapters.Reports.Markup;

namespace SupplierAssessment.Adapters.Reports;

/// <summary>The report's lists: the action plan by actor, the on-site checklist, and declared vs verified.</summary>
internal static class ReportSections
{
    public static void WriteActionPlan(StringBuilder html, AssessmentReport report, ReportLabels labels)
    {
        var plan = report.ActionPlan;
        var alertLevel = AlertLevelName(report.Profile, plan.AlertLevel, labels.Language);
        html.Line($"<section id=\"action-plan\"><h2>{E(ReportLabels.Format(labels.ActionPlan, alertLevel))}</h2>");
        foreach (var actor in Actors.All)
        {
            html.Line($"<section class=\"actor-plan\" data-actor=\"{actor.ToId()}\">"
                + $"<h3>{E(ActorName(actor, labels))}: <span data-total=\"{actor.ToId()}\">{plan.TotalFor(actor)}</span> {E(Typography.IsSingular(plan.TotalFor(actor), labels.Language) ? labels.Action : labels.Actions)}</h3>");
            var items = plan.For(actor).ToArray();
            if (items.Length == 0)
            {
                html.Line($"<p class=\"muted\">{E(labels.NoAction)}</p>");
            }
            else
            {
                html.Line("<ol>");
                foreach (var item in items)
                {
                    WriteAction(html, item, labels);
                }
                html.Line("</ol>");
            }
            html.Line("</section>");
        }
        html.Line("</section>");
    }

    private static void WriteAction(StringBuilder html, ActionItem item, ReportLabels labels)
    {
        var language = labels.Language;
        html.Append($"<li class=\"action{(item.ClosesLevel ? " closes" : "")}\" data-cell=\"{item.Cell}\">");
        html.Append($"<strong>{item.ProcessArea.Id.Id} {E(item.ProcessArea.Name.In(language))}</strong> · ");
        html.Append($"{item.CommonFeature.Id.Id} {E(item.CommonFeature.Name.In(language))} — {E(ReportLabels.Format(labels.HelpsReach, item.Level))}");
        if (item.ClosesLevel)
        {
            html.Append($" <span class=\"closes-tag\">{E(ReportLabels.Format(labels.ClosesLevel, item.Level))}</span>");
        }
        html.Append($"<br>{E(labels.CurrentRating)}: {RatingBadge(item.Covered, item.CurrentRating, labels)}");
        if (item.GenericPractices.Count > 0)
        {
            html.Append($"<div>{E(labels.GenericPractices)}:<ul class=\"practices\">");
            foreach (var gp in item.GenericPractices)
            {
                html.Append($"<li>{E(gp.Id)} {E(gp.Name.In(language))}</li>");
            }
            html.Append("</ul></div>");
        }
        if (item.BasePractices.Count > 0)
        {
            html.Append($"<details><summary>{E(labels.BasePractices)} ({item.BasePractices.Count})</summary><ul class=\"practices\">");
            foreach (var bp in item.BasePractices)
            {
                html.Append($"<li>{E(bp.Id)} {E(bp.Text.In(language))}</li>");
            }
            html.Append("</ul></details>");
        }
        html.Line("</li>");
    }

    /// <summary>A coloured letter and its percentage, or "not covered".</summary>
    public static string RatingBadge(bool covered, Rating rating, ReportLabels labels) => covered
        ? $"<span class=\"letter r-{rating.Letter}\">{rating.Letter}</span> {E(Percent(rating, labels.Language))}"
        : $"<span class=\"letter nc\">–</span> {E(labels.NotCovered)}";

    /// <summary>
    /// The on-site checklist: the cells no answer covers, then (issue #9) the N/A claims with their justification, the
    /// evidence asked for and not attached, and the cells where declared answers disagree.
    /// </summary>
    public static void WriteChecklist(StringBuilder html, AssessmentReport report, ModelCatalog catalog, ReportLabels labels)
    {
        var language = labels.Language;
        html.Line($"<section id=\"checklist\"><h2>{E(labels.Checklist)}</h2>");
        if (report.NotCovered.Count == 0)
        {
            html.Line($"<p>{E(labels.AllCovered)}</p>");
        }
        else
        {
            html.Line($"<p>{E(labels.ChecklistIntro)}</p>");
            foreach (var group in report.NotCovered.GroupBy(c => c.ProcessArea).OrderBy(g => g.Key))
            {
                html.Line($"<div class=\"pa-group\" data-pa=\"{group.Key.Id}\"><h3>{group.Key.Id} {E(catalog[group.Key].Name.In(language))}</h3><ul class=\"checklist\">");
                foreach (var cell in group.OrderBy(c => c.CommonFeature))
                {
                    html.Line($"<li data-cell=\"{cell}\">{cell.CommonFeature.Id} {E(catalog[cell.CommonFeature].Name.In(language))}</li>");
                }
                html.Line("</ul></div>");
            }
        }
        if (report.Findings is { } findings)
        {
            WriteFindings(html, report, findings, language);
        }
        html.Line("</section>");
    }

    private static void WriteFindings(StringBuilder html, AssessmentReport report, DeclarationFindings findings, string language)
    {
        string T(string en, string fr) => language == "fr" ? fr : en;
        var template = Domain.ShippedData.Template(report.TemplateKey);
        string Question(string id) => template is not null && template.TryGetQuestion(id, out var q) ? $"{id} {q.Text.In(language)}" : id;
        html.Line($"<h3 id=\"checklist-na\">{E(T("Not applicable claims", "Déclarations « sans objet »"))} ({report.NotApplicable.Count} {E(T("cells not applicable", "cases non applicables"))})</h3>");
        if (findings.NotApplicable.Count == 0)
        {
            html.Line($"<p>{E(T("The supplier claimed no question not applicable.", "Le fournisseur n'a déclaré aucune question sans objet."))}</p>");
        }
        else
        {
            html.Line($"<p>{E(T("Check on site that these really do not apply; rating the cell rejects the claim.", "Vérifier sur site qu'elles sont bien sans objet ; noter la case rejette la déclaration."))}</p><ul class=\"checklist na-claims\">");
            foreach (var group in findings.NotApplicable.GroupBy(c => (c.QuestionId, c.Justification)))
            {
                html.Line($"<li data-question=\"{E(group.Key.QuestionId)}\">{E(Question(group.Key.QuestionId))} — <q>{E(group.Key.Justification)}</q> "
                    + $"<span class=\"muted\">({string.Join(", ", group.Select(c => c.Cell.ToString()))})</span></li>");
            }
            html.Line("</ul>");
        }
        html.Line($"<h3 id=\"checklist-evidence\">{E(T("Evidence not attached", "Preuves non jointes"))}</h3>");
        if (findings.MissingEvidence.Count == 0)
        {
            html.Line($"<p>{E(T("Every evidence asked for is attached.", "Toutes les preuves demandées sont jointes."))}</p>");
        }
        else
        {
            html.Line("<ul class=\"checklist missing-evidence\">");
            foreach (var id in findings.MissingEvidence)
            {
                html.Line($"<li data-question=\"{E(id)}\">{E(Question(id))}</li>");
            }
            html.Line("</ul>");
        }
        html.Line($"<h3 id=\"checklist-disagreements\">{E(T("Answers that disagree", "Réponses contradictoires"))}</h3>");
        if (findings.Disagreements.Count == 0)
        {
            html.Line($"<p>{E(T("No cell has answers that contradict each other.", "Aucune case n'a de réponses qui se contredisent."))}</p>");
        }
        else
        {
            html.Line($"<p>{E(T("On these cells one answer says the practice is achieved and another that it is not done.", "Sur ces cases, une réponse dit la pratique atteinte et une autre qu'elle n'est pas réalisée."))}</p><ul class=\"checklist disagreements\">");
            foreach (var d in findings.Disagreements)
            {
                html.Line($"<li data-cell=\"{d.Cell}\">{d.Cell}: {E(d.AchievedBy)} {d.AchievedPercent.ToString("0.##", CultureInfo.InvariantCulture)} % · "
                    + $"{E(d.NotDoneBy)} {d.NotDonePercent.ToString("0.##", CultureInfo.InvariantCulture)} %</li>");
            }
            html.Line("</ul>");
        }
    }

    public static void WriteDeclaredVsVerified(StringBuilder html, AssessmentReport report, ModelCatalog catalog, ReportLabels labels)
    {
        var language = labels.Language;
        html.Line($"<section id=\"declared-vs-verified\"><h2>{E(labels.DeclaredVsVerified)}</h2>");
        html.Line($"<h3>{E(labels.Corrections)}</h3>");
        html.Line($"<table class=\"overrides\"><thead><tr><th scope=\"col\">{E(labels.Cell)}</th><th scope=\"col\">{E(labels.Declared)}</th>"
            + $"<th scope=\"col\">{E(labels.Verified)}</th><th scope=\"col\">{E(labels.Note)}</th><th scope=\"col\">{E(labels.Expert)}</th>"
            + $"<th scope=\"col\">{E(labels.Date)}</th></tr></thead><tbody>");
        foreach (var correction in report.Overrides.OrderBy(o => o.Cell.Index))
        {
            var cell = correction.Cell;
            var declaredCovered = report.DeclaredRatings?.IsRated(cell) ?? false;
            var declared = report.DeclaredRatings?[cell] ?? Rating.Zero;
            // A rejected N/A claim (DESIGN §2.2 rule 9) was declared "NA".
            var declaredBadge = report.DeclaredRatings?.IsNotApplicable(cell) == true
                ? $"<span class=\"letter na\">NA</span> {E(language == "fr" ? "non applicable" : "not applicable")}"
                : RatingBadge(declaredCovered, declared, labels);
            html.Line($"<tr data-cell=\"{cell}\"><th scope=\"row\">{cell} <span class=\"muted\">{E(catalog[cell.ProcessArea].Name.In(language))} · {E(catalog[cell.CommonFeature].Name.In(language))}</span></th>"
                + $"<td class=\"declared\">{declaredBadge}</td>"
                + $"<td class=\"verified\">{RatingBadge(true, correction.Rating, labels)}</td>"
                + $"<td class=\"note\">{E(correction.Note)}</td><td class=\"expert\">{E(correction.ExpertId)}</td>"
                + $"<td><time datetime=\"{IsoDate(correction.At)}\">{Typography.Date(correction.At, labels.Language)}</time></td></tr>");
        }
        html.Line("</tbody></table>");
        if (report.DeclaredGap is { } declaredGap)
        {
            html.Line($"<h3>{E(labels.MissingDeclaredVsVerified)}</h3>");
            html.Line($"<table class=\"declared-verified\"><thead><tr><th scope=\"col\">{E(labels.AlertLevel)}</th>"
                + $"<th scope=\"col\" class=\"num\">{E(labels.Declared)}</th><th scope=\"col\" class=\"num\">{E(labels.Verified)}</th>"
                + "<th scope=\"col\" class=\"num\">Δ</th></tr></thead><tbody>");
            foreach (var verified in report.Gap.Variants)
            {
                var declared = declaredGap.Variant(verified.AlertLevel);
                var delta = verified.MissingPoints - declared.MissingPoints;
                var active = verified.AlertLevel == report.ActiveAlertLevel;
                html.Line($"<tr{(active ? " class=\"active\"" : "")} data-alert-level=\"{E(verified.AlertLevel)}\">"
                    + $"<th scope=\"row\">{E(AlertLevelName(report.Profile, verified.AlertLevel, language))}</th>"
                    + $"<td class=\"num declared\">{declared.MissingPoints}</td><td class=\"num verified\">{verified.MissingPoints}</td>"
                    + $"<td class=\"num\">{delta.ToString("+0;-0;0", CultureInfo.InvariantCulture)}</td></tr>");
            }
            html.Line("</tbody></table>");
        }
        html.Line("</section>");
    }
}
