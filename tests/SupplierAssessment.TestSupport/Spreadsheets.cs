using System.Text;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Xunit;

namespace SupplierAssessment.TestSupport;

/// <summary>One cell read back: its text, and whether the workbook stores it as a number (not as a string).</summary>
public sealed record SheetCell(string Text, bool IsNumber);

/// <summary>Reads downloads back as a spreadsheet would: an XLSX with the Open XML SDK, a CSV with a strict RFC 4180 reader.</summary>
public static class Spreadsheets
{
    /// <summary>
    /// The first worksheet's rows, top to bottom, each cell at its column (<c>CellReference</c>; null where the row
    /// has no cell). Inline and shared strings are read as text; a cell with no data type or type n is a number.
    /// </summary>
    public static List<SheetCell?[]> ReadXlsx(byte[] workbook)
    {
        using var stream = new MemoryStream(workbook, writable: false);
        using var document = SpreadsheetDocument.Open(stream, isEditable: false);
        var part = document.WorkbookPart ?? throw new Xunit.Sdk.XunitException("no workbook part");
        var sheet = part.Workbook.Sheets?.Elements<Sheet>().First() ?? throw new Xunit.Sdk.XunitException("no sheet");
        var worksheet = (WorksheetPart)part.GetPartById(sheet.Id!.Value!);
        var shared = part.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(s => s.InnerText).ToArray() ?? [];
        var rows = new List<SheetCell?[]>();
        foreach (var row in worksheet.Worksheet.GetFirstChild<SheetData>()!.Elements<Row>())
        {
            var cells = row.Elements<Cell>().ToArray();
            var width = cells.Length == 0 ? 0 : cells.Max(c => Column(c.CellReference!.Value!)) + 1;
            var values = new SheetCell?[width];
            foreach (var cell in cells)
            {
                var type = cell.DataType?.Value;
                values[Column(cell.CellReference!.Value!)] =
                    type == CellValues.InlineString ? new SheetCell(cell.InlineString!.InnerText, false)
                    : type == CellValues.SharedString ? new SheetCell(shared[int.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)], false)
                    : type == CellValues.String ? new SheetCell(cell.CellValue!.Text, false)
                    : type is null || type == CellValues.Number ? new SheetCell(cell.CellValue!.Text, true)
                    : new SheetCell(cell.CellValue?.Text ?? "", false);
            }
            rows.Add(values);
        }
        return rows;
    }

    /// <summary>0-based column of a cell reference ("A1" → 0, "AB12" → 27).</summary>
    public static int Column(string reference)
    {
        var column = 0;
        foreach (var c in reference.TakeWhile(char.IsAsciiLetterUpper))
        {
            column = column * 26 + (c - 'A' + 1);
        }
        return column - 1;
    }

    /// <summary>A strict RFC 4180 reader: CRLF ends a record, quoted fields may hold commas, CRLF and doubled quotes.</summary>
    public static List<List<string>> ParseCsv(string csv)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < csv.Length)
        {
            if (field.Length == 0 && csv[i] == '"')
            {
                i++;
                while (true)
                {
                    Assert.True(i < csv.Length, "unterminated quoted field");
                    if (csv[i] == '"')
                    {
                        if (i + 1 < csv.Length && csv[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.Append(csv[i++]);
                }
                Assert.True(i == csv.Length || csv[i] == ',' || csv[i] == '\r', $"text after a closing quote at {i}");
                continue;
            }
            switch (csv[i])
            {
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    i++;
                    break;
                case '\r':
                    Assert.True(i + 1 < csv.Length && csv[i + 1] == '\n', $"bare CR at {i}");
                    row.Add(field.ToString());
                    field.Clear();
                    rows.Add(row);
                    row = [];
                    i += 2;
                    break;
                default:
                    Assert.True(csv[i] is not ('"' or '\n'), $"unquoted {(csv[i] == '"' ? "quote" : "LF")} at {i}");
                    field.Append(csv[i++]);
                    break;
            }
        }
        Assert.True(row.Count == 0 && field.Length == 0, "the last record ends with CRLF");
        return rows;
    }
}
