using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using SupplierAssessment.Domain.Reports;

namespace SupplierAssessment.Adapters.Reports;

/// <summary>
/// The comparison as an XLSX workbook (Office Open XML, written with the Open XML SDK): one worksheet, the header
/// row of <see cref="ComparisonSheet"/> frozen, one row per bidder; figures as numbers, names and statuses as inline
/// strings (a spreadsheet never reads an inline string as a formula, so no neutralising quote is needed). Characters
/// XML cannot hold are left out of the text.
/// </summary>
public static class ComparisonXlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The workbook's bytes; its one worksheet is named "Comparison" ("Comparaison" in French).</summary>
    public static byte[] Render(BidderComparison comparison, string language = "en")
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var worksheet = workbook.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            data.Append(Row(1, ComparisonSheet.Headers(language).Cast<object?>().ToArray()));
            uint number = 2;
            foreach (var values in ComparisonSheet.Rows(comparison, language))
            {
                data.Append(Row(number++, values));
            }
            worksheet.Worksheet = new Worksheet(
                new SheetViews(new SheetView(
                    new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen })
                { TabSelected = true, WorkbookViewId = 0 }),
                new Columns(new Column { Min = 2, Max = 2, Width = 32, CustomWidth = true }),
                data);
            workbook.Workbook.AppendChild(new Sheets(new Sheet
            {
                Id = workbook.GetIdOfPart(worksheet),
                SheetId = 1,
                Name = language == "fr" ? "Comparaison" : "Comparison",
            }));
        }
        return stream.ToArray();
    }

    /// <summary>"A", "B", … "Z", "AA", …: the column of a 0-based index.</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + (n - 1) % 26) + name;
        }
        return name;
    }

    private static Row Row(uint number, object?[] values)
    {
        var row = new Row { RowIndex = number };
        for (var i = 0; i < values.Length; i++)
        {
            var reference = ColumnName(i) + number;
            switch (values[i])
            {
                case int n:
                    row.Append(new Cell { CellReference = reference, DataType = CellValues.Number, CellValue = new CellValue(n) });
                    break;
                case string text:
                    row.Append(new Cell
                    {
                        CellReference = reference,
                        DataType = CellValues.InlineString,
                        InlineString = new InlineString(new Text(XmlText(text)) { Space = SpaceProcessingModeValues.Preserve }),
                    });
                    break;
                default:
                    break; // an empty cell is left out, as spreadsheets write it
            }
        }
        return row;
    }

    /// <summary>The text without what XML 1.0 cannot hold (controls, lone surrogates); a surrogate pair (an emoji) is kept.</summary>
    internal static string XmlText(string text)
    {
        var kept = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (XmlConvert.IsXmlChar(text[i]))
            {
                kept.Append(text[i]);
            }
            else if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                kept.Append(text, i, 2);
                i++;
            }
        }
        return kept.ToString();
    }
}
