using System.Diagnostics;
using SupplierAssessment.Adapters.Reports;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Adapters.Tests.Reports;

/// <summary>
/// The French report PDF as a reader sees it: poppler's pdftoppm (Debian's poppler-utils, installed by
/// scripts/setup.sh) draws page 1 to a PNG, and pdftotext gives the accented words back. With UPDATE_DOCS=1 the
/// picture becomes docs/screenshots/report-fr.png, which the README shows next to the English report.
/// </summary>
public class ReportPdfPictureTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void Poppler_draws_the_french_pdf_and_reads_its_accented_words_back()
    {
        var folder = Directory.CreateTempSubdirectory("report-pdf-picture-").FullName;
        var pdf = Path.Combine(folder, "report-fr.pdf");
        var report = ReportScenario.Instance.V2 with
        {
            SupplierName = "Hébergement Alpha – Société « Les Gîtes Numériques »",
            ProcurementName = "Hébergement du portail du ministère 2027",
        };
        File.WriteAllBytes(pdf, ReportPdf.Render(report, ReportScenario.Instance.Catalog, "fr"));

        var text = Run("pdftotext", "-layout", pdf, "-");
        Assert.Contains("Rapport de capacité en sécurité", text);
        Assert.Contains("Synthèse", text);
        Assert.Contains("Vérifié par l'expert sécurité", text);
        Assert.Contains("Hébergement Alpha – Société « Les Gîtes Numériques »", text);
        Assert.DoesNotContain("?", text);

        Run("pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", pdf, Path.Combine(folder, "report-fr"));
        var png = File.ReadAllBytes(Path.Combine(folder, "report-fr.png"));
        Assert.True(png.AsSpan().StartsWith(PngSignature));
        Assert.True(png.Length > 20_000, $"{png.Length} bytes: an empty page?");

        var docs = Path.Combine(AzuriteServer.RepoRoot(), "docs", "screenshots", "report-fr.png");
        if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1")
        {
            File.Copy(Path.Combine(folder, "report-fr.png"), docs, overwrite: true);
        }
        Assert.True(File.Exists(docs), "docs/screenshots/report-fr.png is missing: run this test with UPDATE_DOCS=1");
        Directory.Delete(folder, recursive: true);
    }

    private static string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{tool} exited {process.ExitCode}: {error.Result} (scripts/setup.sh --browser installs poppler-utils)");
        return output.Result;
    }
}
