using BenchmarkDotNet.Attributes;
using SupplierAssessment.Adapters.Reports;
using SupplierAssessment.Domain;
using SupplierAssessment.Domain.Assessments;
using SupplierAssessment.Domain.Catalog;
using SupplierAssessment.Domain.Grid;
using SupplierAssessment.Domain.Reports;

namespace SupplierAssessment.Benchmarks;

/// <summary>
/// What the render and notify stages and the downloads spend on one report version: the stored HTML, the PDF
/// attached to the project manager's email, the action-plan CSV, and reading a stored JSON version back.
/// </summary>
[MemoryDiagnoser]
public class ReportBenchmarks
{
    private ModelCatalog _catalog = null!;
    private AssessmentReport _report = null!;
    private string _json = null!;

    [GlobalSetup]
    public void Setup()
    {
        _catalog = ShippedData.Catalog;
        var profile = ShippedData.Profile("government-web-hosting");
        // A middling supplier: every covered cell somewhere between N and F, so the plan has items for all actors.
        var ratings = RatingGrid.From(Cell.All.Where(c => c.Index % 7 != 0)
            .Select(c => KeyValuePair.Create(c, Rating.FromPercent(c.Index * 37 % 101))));
        _report = AssessmentReport.From(
            new ReportHeader(1, new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), "p1", "Ministry web portal hosting 2027",
                "a1", "Northwind Hosting", ShippedData.CurrentTemplate.Key),
            profile, "normal", 3, ratings, verified: null, overrides: Array.Empty<RatingOverride>(), _catalog);
        _json = ReportJson.Serialize(_report);
    }

    [Benchmark(Description = "report HTML (stored blob)")]
    public string Html() => ReportHtml.Render(_report, _catalog);

    [Benchmark(Description = "report PDF (email attachment)")]
    public byte[] Pdf() => ReportPdf.Render(_report, _catalog);

    [Benchmark(Description = "action plan CSV")]
    public string Csv() => ActionPlanCsv.Render(_report, _catalog);

    [Benchmark(Description = "read a stored JSON version back")]
    public AssessmentReport ReadJson() => ReportJson.Read(_json, _report.Profile, _catalog);
}
