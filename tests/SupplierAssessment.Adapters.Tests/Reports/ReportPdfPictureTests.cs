using System.Diagnostics;
using SupplierAssessment.Adapters.Reports;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Adapters.Tests.Reports;

/// <summary>
/// The French report PDF as a reader sees it: poppler's pdftoppm (Debian's poppler-utils, installed by
/// scripts/setup.sh) draws page 1 to a PNG, and pdftotext gives the accented words back. With UPDATE_DOCS=1 the
/// pictures become docs/screenshots/report-fr.png and report-en.png, which the README shows side by side.
/// </summary>
public class ReportPdfPictureTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void Poppler_draws_the_french_and_english_pdfs_and_reads_their_accented_words_back()
    {
        var folder = Directory.CreateTempSubdirectory("report-pdf-picture-").FullName;
        var report = ReportScenario.Instance.V2 with
        {
            SupplierName = "Hébergement Alpha – Société « Les Gîtes Numériques »",
            ProcurementName = "Hébergement du portail du ministère 2027",
        };
        var pdf = Path.Combine(folder, "report-fr.pdf");
        File.WriteAllBytes(pdf, ReportPdf.Render(report, ReportScenario.Instance.Catalog, "fr"));
        var englishPdf = Path.Combine(folder, "report-en.pdf");
        File.WriteAllBytes(englishPdf, ReportPdf.Render(report, ReportScenario.Instance.Catalog, "en"));

        var text = Run("pdftotext", "-layout", pdf, "-");
        Assert.Contains("Rapport de capacité en sécurité", text);
        Assert.Contains("Synthèse", text);
        Assert.Contains("Vérifié par l'expert sécurité", text);
        Assert.Contains("Hébergement Alpha – Société « Les Gîtes Numériques »", text);
        Assert.DoesNotContain("?", text);
        var english = Run("pdftotext", "-layout", englishPdf, "-");
        Assert.Contains("Security capability report", english);
        Assert.Contains("Hébergement Alpha – Société « Les Gîtes Numériques »", english);

        foreach (var name in new[] { "report-fr", "report-en" })
        {
            Run("pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", Path.Combine(folder, name + ".pdf"), Path.Combine(folder, name));
            var png = File.ReadAllBytes(Path.Combine(folder, name + ".png"));
            Assert.True(png.AsSpan().StartsWith(PngSignature));
            Assert.True(png.Length > 20_000, $"{name}.png has {png.Length} bytes: an empty page?");
            var docs = Path.Combine(AzuriteServer.RepoRoot(), "docs", "screenshots", $"{name}.png");
            if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1")
            {
                File.Copy(Path.Combine(folder, name + ".png"), docs, overwrite: true);
            }
            Assert.True(File.Exists(docs), $"docs/screenshots/{name}.png is missing: run this test with UPDATE_DOCS=1");
        }
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
