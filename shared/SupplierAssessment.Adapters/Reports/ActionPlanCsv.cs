using System.Globalization;
using System.Text;
using SupplierAssessment.Domain.ActionPlans;
using SupplierAssessment.Domain.Catalog;
using SupplierAssessment.Domain.Profiles;
using SupplierAssessment.Domain.Reports;
using static SupplierAssessment.Adapters.Reports.Markup;

namespace SupplierAssessment.Adapters.Reports;

/// <summary>
/// The action plan at the active alert level as CSV for a spreadsheet (RFC 4180: comma-separated, CRLF line ends,
/// fields quoted when needed): a header row, then one row per action, grouped by actor like the report.
/// A field that a spreadsheet would read as a formula (= + - @, tab, CR) is neutralised with a leading quote.
/// No byte order mark: the caller decides how to encode the text.
/// </summary>
public static class ActionPlanCsv
{
    private static readonly string[] EnglishHeaders =
    [
        "Actor", "Process area", "Process area name", "Common feature", "Common feature name", "Level", "Closes level",
        "Current rating", "Generic practices", "Base practices",
    ];

    private static readonly string[] FrenchHeaders =
    [
        "Acteur", "Domaine de processus", "Nom du domaine de processus", "Caractéristique commune",
        "Nom de la caractéristique commune", "Niveau", "Achève le niveau", "Note actuelle", "Pratiques génériques",
        "Pratiques de base",
    ];

    /// <summary>The download's file name, e.g. "northwind-hosting-action-plan-v2.csv".</summary>
    public static DownloadName FileName(AssessmentReport report, string language = "en") =>
        Markup.FileName(report, ReportLabels.For(language).ActionPlanFile, "csv");

    /// <summary>Renders the plan in "en" or "fr" (headers, actor names, yes/no and the catalog's names).</summary>
    public static string Render(AssessmentReport report, ModelCatalog catalog, string language = "en")
    {
        var labels = ReportLabels.For(language);
        var french = labels.Language == "fr";
        var csv = new StringBuilder(256 + report.ActionPlan.Total * 200);
        WriteRow(csv, french ? FrenchHeaders : EnglishHeaders);
        foreach (var actor in Actors.All)
        {
            foreach (var item in report.ActionPlan.For(actor))
            {
                WriteRow(csv, Fields(item, catalog, labels, french));
            }
        }
        return csv.ToString();
    }

    private static string[] Fields(ActionItem item, ModelCatalog catalog, ReportLabels labels, bool french) =>
    [
        ActorName(item.Actor, labels),
        item.ProcessArea.Id.Id,
        catalog[item.ProcessArea.Id].Name.In(labels.Language),
        item.CommonFeature.Id.Id,
        catalog[item.CommonFeature.Id].Name.In(labels.Language),
        item.Level.ToString(CultureInfo.InvariantCulture),
        item.ClosesLevel ? (french ? "oui" : "yes") : (french ? "non" : "no"),
        item.Covered ? item.CurrentRating.Letter.ToString() : labels.NotCovered,
        string.Join("; ", item.GenericPractices.Select(gp => gp.Id)),
        string.Join("; ", item.BasePractices.Select(bp => bp.Id)),
    ];

    private static void WriteRow(StringBuilder csv, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }
            csv.Append(Field(fields[i]));
        }
        csv.Append("\r\n");
    }

    /// <summary>One field: neutralised when a spreadsheet would run it as a formula, then quoted when RFC 4180 needs it.</summary>
    internal static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }
}
