using SupplierAssessment.Domain.Questionnaires;

namespace SupplierAssessment.Domain.Tests;

public class CoverageTableTests
{
    [Fact]
    public void Coverage_table_in_docs_matches_the_shipped_template()
    {
        var expected = CoverageTable.ToMarkdown(ShippedData.CurrentTemplate, ShippedData.Catalog);
        var path = Path.Combine(RepoRoot(), "docs", "questionnaire-coverage.md");
        if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, expected);
        }
        Assert.True(File.Exists(path), "docs/questionnaire-coverage.md is missing: run the tests once with UPDATE_DOCS=1");
        Assert.True(expected == File.ReadAllText(path), "docs/questionnaire-coverage.md is stale: run the tests with UPDATE_DOCS=1");
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SupplierAssessment.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Run the tests from inside the repository.");
    }
}
