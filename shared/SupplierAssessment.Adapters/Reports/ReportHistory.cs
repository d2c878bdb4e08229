using System.Globalization;
using System.Text;
using SupplierAssessment.Domain.Catalog;
using SupplierAssessment.Domain.Reports;
using static SupplierAssessment.Adapters.Reports.Markup;

namespace SupplierAssessment.Adapters.Reports;

/// <summary>
/// The report's "Earlier assessment" section (issue 10 part 6; seed 002 §5, improvement over time), in the HTML page and
/// the PDF: the supplier's confirmed earlier assessment, and per process area its achieved level and missing points next
/// to this version's — both against this report's profile at its active alert level. Written only when the report has
/// one (<see cref="AssessmentReport.Earlier"/>).
/// </summary>
internal static class ReportHistory
{
    public static void WriteHtml(StringBuilder html, AssessmentReport report, ModelCatalog catalog, ReportLabels labels)
    {
        if (report.Earlier is not { } earlier)
        {
            return;
        }
        var words = Words.For(labels.Language);
        var progress = earlier.Progress;
        html.Line($"<section id=\"earlier-assessment\" data-procurement=\"{E(earlier.Assessment.ProcurementId)}\" data-assessment=\"{E(earlier.Assessment.AssessmentId)}\"><h2>{E(words.Heading)}</h2>");
        html.Line($"<p>{E(Intro(report, earlier, words, labels))}</p>");
        html.Line($"<p class=\"baseline\" data-earlier-missing=\"{progress.EarlierMissingPoints}\" data-today-missing=\"{progress.TodayMissingPoints}\">"
            + E(Points(progress, words)) + "</p>");
        html.Line($"<table class=\"points earlier\"><thead><tr><th scope=\"col\">{E(labels.ProcessArea)}</th>"
            + string.Concat(words.Columns.Select(c => $"<th scope=\"col\" class=\"num\">{E(c)}</th>")) + "</tr></thead><tbody>");
        foreach (var pa in progress.ProcessAreas)
        {
            html.Line($"<tr data-process-area=\"{pa.ProcessArea.Id}\"><th scope=\"row\">{pa.ProcessArea.Id} <span class=\"muted\">{E(catalog[pa.ProcessArea].Name.In(labels.Language))}</span></th>"
                + $"<td class=\"num\">{pa.Target}</td><td class=\"num\" data-level=\"earlier\">{pa.EarlierLevel}</td><td class=\"num\" data-level=\"today\">{pa.TodayLevel}</td>"
                + $"<td class=\"num\">{Signed(pa.LevelChange ?? 0)}</td><td class=\"num\">{pa.EarlierMissingPoints}</td><td class=\"num\">{pa.TodayMissingPoints}</td></tr>");
        }
        html.Line("</tbody></table></section>");
    }

    public static void WritePdf(ReportPdfCanvas canvas, AssessmentReport report, ModelCatalog catalog, ReportLabels labels)
    {
        if (report.Earlier is not { } earlier)
        {
            return;
        }
        var words = Words.For(labels.Language);
        var progress = earlier.Progress;
        canvas.Heading(words.Heading);
        canvas.Paragraph(Intro(report, earlier, words, labels));
        canvas.Space(2);
        canvas.Paragraph(Points(progress, words), bold: true);
        canvas.Space(4);
        const double numberWidth = 52;
        List<PdfColumn> columns = [new(labels.ProcessArea, ReportPdfCanvas.Width - words.Columns.Count * numberWidth), .. words.Columns.Select(c => new PdfColumn(c, numberWidth, Numeric: true))];
        canvas.Table(columns, progress.ProcessAreas.Select(pa => ((IReadOnlyList<string>)
        [
            $"{pa.ProcessArea.Id} {catalog[pa.ProcessArea].Name.In(labels.Language)}",
            Number(pa.Target), Number(pa.EarlierLevel), Number(pa.TodayLevel ?? 0), Signed(pa.LevelChange ?? 0),
            Number(pa.EarlierMissingPoints), Number(pa.TodayMissingPoints ?? 0),
        ], pa.LevelChange is not 0)));
    }

    private static string Intro(AssessmentReport report, EarlierAssessmentSection earlier, Words words, ReportLabels labels) => ReportLabels.Format(
        words.Intro, earlier.Assessment.ProcurementName, Typography.Date(earlier.Assessment.AssessedAt, labels.Language),
        AlertLevelName(report.Profile, earlier.Progress.AlertLevel, labels.Language));

    private static string Points(Domain.Assessments.SupplierProgress progress, Words words) =>
        ReportLabels.Format(words.Points, progress.EarlierMissingPoints, progress.TodayMissingPoints ?? 0, Signed(progress.MissingPointsChange ?? 0));

    /// <summary>"+1", "0", "−2" (a true minus sign).</summary>
    private static string Signed(int value) => value switch
    {
        > 0 => "+" + Number(value),
        < 0 => "−" + Number(-value),
        _ => "0",
    };

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The section's words: {0} the earlier procurement, {1} its date, {2} the active alert level; points {0} then, {1} now, {2} the change.</summary>
    private sealed record Words(string Heading, string Intro, string Points, IReadOnlyList<string> Columns)
    {
        private static readonly Words English = new(
            "Earlier assessment",
            "This supplier was assessed before in the procurement “{0}” on {1}; the project manager confirmed it is the same supplier. Both assessments are measured against this procurement's profile at its active alert level ({2}), so the figures compare.",
            "Missing points: {0} then, {1} now ({2}).",
            ["Target", "Earlier level", "Today's level", "Change", "Missing earlier", "Missing today"]);

        private static readonly Words French = new(
            "Évaluation précédente",
            "Ce fournisseur a déjà été évalué dans la consultation « {0} » le {1} ; le chef de projet a confirmé qu'il s'agit du même fournisseur. Les deux évaluations sont mesurées avec le profil de cette consultation à son niveau d'alerte actif ({2}) : les chiffres se comparent.",
            "Points manquants : {0} alors, {1} aujourd'hui ({2}).",
            ["Cible", "Niveau précédent", "Niveau actuel", "Évolution", "Manquants avant", "Manquants aujourd'hui"]);

        public static Words For(string language) => language == "fr" ? French : English;
    }
}
