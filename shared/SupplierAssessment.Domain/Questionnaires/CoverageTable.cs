using System.Text;
using SupplierAssessment.Domain.Catalog;
using SupplierAssessment.Domain.Grid;

namespace SupplierAssessment.Domain.Questionnaires;

/// <summary>Which questions feed which cells, and which cells no question covers: written to docs/ from the template.</summary>
public static class CoverageTable
{
    public static string ToMarkdown(QuestionnaireTemplate template, ModelCatalog catalog)
    {
        var md = new StringBuilder();
        md.AppendLine($"# Questionnaire coverage: {template.Title.En} ({template.Key})").AppendLine();
        md.AppendLine("Generated from the template by `CoverageTableTests` (run the tests with `UPDATE_DOCS=1` to rewrite it).");
        md.AppendLine("Each cell shows how many scored questions feed it; `·` marks a cell no question covers, which the expert checks on site.").AppendLine();

        md.Append("| Process area |");
        foreach (var cf in CommonFeature.All)
        {
            md.Append($" {cf.Id} |");
        }
        md.AppendLine(" questions |");
        md.Append("|---|").Append(string.Concat(Enumerable.Repeat("---:|", CommonFeature.Count))).AppendLine("---|");
        foreach (var pa in ProcessAreaId.All)
        {
            md.Append($"| {pa.Id} {catalog[pa].Name.En} |");
            foreach (var cf in CommonFeature.All)
            {
                var count = template.QuestionsCovering(new Cell(pa, cf)).Count();
                md.Append(count == 0 ? " · |" : $" {count} |");
            }
            var questions = template.ScoredQuestions.Where(q => q.Cells.Any(c => c.ProcessArea == pa)).Select(q => q.Id);
            md.AppendLine($" {string.Join(", ", questions)} |");
        }

        var uncovered = Cell.All.Where(c => !template.QuestionsCovering(c).Any()).ToArray();
        md.AppendLine().AppendLine($"## Cells no question covers ({uncovered.Length} of {Cell.Count})").AppendLine();
        md.AppendLine(uncovered.Length == 0 ? "None." : string.Join(", ", uncovered.Select(c => c.ToString())));

        md.AppendLine().AppendLine("## Questions").AppendLine();
        md.AppendLine("| Question | Topic | Kind | Required | Weight | Cells |");
        md.AppendLine("|---|---|---|---|---:|---|");
        foreach (var q in template.Questions)
        {
            var cells = q.Kind switch
            {
                QuestionKind.Scale => string.Join(", ", q.ProcessAreas.Select(pa => $"{pa.Id} (all levels)")),
                QuestionKind.Choice => string.Join(", ", q.Cells.Select(c => c.ToString())),
                _ => q.ProcessAreas.Count > 0 ? "informs " + string.Join(", ", q.ProcessAreas) : "—",
            };
            var weight = q.IsScored ? q.Weight.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
            md.AppendLine($"| {q.Id} | {q.TopicId} | {q.Kind.ToString().ToLowerInvariant()} | {(q.Required ? "yes" : "no")} | {weight} | {cells} |");
        }
        return md.ToString();
    }
}
