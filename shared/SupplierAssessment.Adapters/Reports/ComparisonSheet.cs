using System.Globalization;
using System.Text;
using SupplierAssessment.Domain.Reports;

namespace SupplierAssessment.Adapters.Reports;

/// <summary>
/// The bidders' comparison (<see cref="BidderComparison"/>) as one table for a spreadsheet, shared by the CSV and the
/// XLSX downloads: one header row, then one row per bidder in the comparison's order (ranked, then waiting). Columns:
/// rank, supplier, status (verified / declared / waiting), then for each process area PA01..PA22 its achieved level,
/// its target at the active alert level and its missing points, then the total of missing points. A waiting bidder's
/// figures are empty cells. Headers and statuses in "en" or "fr".
/// </summary>
public static class ComparisonSheet
{
    /// <summary>Columns before the process areas' (rank, supplier, status); three per process area follow, then the total.</summary>
    public const int LeadingColumns = 3;

    /// <summary>The header row.</summary>
    public static IReadOnlyList<string> Headers(string language = "en")
    {
        var french = language == "fr";
        var headers = new List<string> { french ? "Rang" : "Rank", french ? "Fournisseur" : "Supplier", french ? "Statut" : "Status" };
        foreach (var pa in BidderComparison.ProcessAreas)
        {
            headers.Add(french ? $"{pa.Id} niveau atteint" : $"{pa.Id} achieved level");
            headers.Add(french ? $"{pa.Id} cible" : $"{pa.Id} target");
            headers.Add(french ? $"{pa.Id} points manquants" : $"{pa.Id} missing points");
        }
        headers.Add(french ? "Total des points manquants" : "Total missing points");
        return headers;
    }

    /// <summary>One row per bidder: each value a string (text), an int (a number) or null (empty: a waiting bidder's figures).</summary>
    public static IEnumerable<object?[]> Rows(BidderComparison comparison, string language = "en")
    {
        foreach (var bidder in comparison.Bidders)
        {
            var row = new object?[LeadingColumns + 3 * BidderComparison.ProcessAreas.Count + 1];
            row[0] = bidder.Rank;
            row[1] = bidder.SupplierName;
            row[2] = Status(bidder, language);
            var column = LeadingColumns;
            foreach (var pa in BidderComparison.ProcessAreas)
            {
                var gap = bidder[pa];
                row[column++] = gap?.Achieved;
                row[column++] = gap?.Target;
                row[column++] = gap?.MissingPoints;
            }
            row[column] = bidder.MissingPoints;
            yield return row;
        }
    }

    /// <summary>"verified" (the expert's ratings, assessment final), "declared" (the supplier's, maybe being reviewed) or "waiting" (not scored).</summary>
    public static string Status(ComparedBidder bidder, string language = "en") => (bidder.Waiting, bidder.Verified, language == "fr") switch
    {
        (true, _, false) => "waiting",
        (true, _, true) => "en attente",
        (false, true, false) => "verified",
        (false, true, true) => "vérifié",
        (false, false, false) => "declared",
        (false, false, true) => "déclaré",
    };

    /// <summary>The download's name, e.g. "Portal hosting-comparison-normal.xlsx" (ASCII: "portal-hosting-comparison-normal.xlsx").</summary>
    public static DownloadName FileName(string procurementName, string alertLevel, string extension, string language = "en") =>
        Markup.FileName(procurementName, $"{(language == "fr" ? "comparaison" : "comparison")}-{Slug(alertLevel)}.{extension}");

    private static string Slug(string alertLevel)
    {
        var slug = new StringBuilder(alertLevel.Length);
        foreach (var c in alertLevel.ToLowerInvariant())
        {
            slug.Append(c is >= 'a' and <= 'z' or >= '0' and <= '9' ? c : '-');
        }
        return slug.ToString().Trim('-') is { Length: > 0 } s ? s : "level";
    }

    internal static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// The comparison as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when needed), fields neutralised
/// against formulas as <see cref="ActionPlanCsv"/> does. No byte order mark: the caller encodes the text.
/// </summary>
public static class ComparisonCsv
{
    public static string Render(BidderComparison comparison, string language = "en")
    {
        var csv = new StringBuilder(2048 + comparison.Bidders.Count * 256);
        Write(csv, ComparisonSheet.Headers(language));
        foreach (var row in ComparisonSheet.Rows(comparison, language))
        {
            Write(csv, row.Select(v => v switch { int n => ComparisonSheet.Number(n), string s => s, _ => "" }).ToArray());
        }
        return csv.ToString();
    }

    private static void Write(StringBuilder csv, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }
            csv.Append(ActionPlanCsv.Field(fields[i]));
        }
        csv.Append("\r\n");
    }
}
