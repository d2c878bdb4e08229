using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using UglyToad.PdfPig;

namespace SupplierAssessment.Functions.Tests;

/// <summary>The report as a PDF (attached to the project manager's email and downloadable) and the action plan as CSV.</summary>
public class ReportDownloadTests(PipelineApp app) : IClassFixture<PipelineApp>
{
    [Fact]
    public async Task Pm_email_carries_the_report_pdf_and_every_version_downloads_as_pdf_and_csv()
    {
        var procurementId = await app.CreateProcurementAsync("Hospital records hosting");
        var (assessmentId, token) = await app.InviteAsync(procurementId, "Brême Cloud Services", "sec@breme.example");
        await SubmitAsync(token, level: 2);

        var mail = await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v1", TimeSpan.FromSeconds(30));
        var attachment = Assert.Single(mail.Body["attachments"]!.AsArray())!;
        Assert.Equal("breme-cloud-services-report-v1.pdf", (string)attachment["filename"]!);
        Assert.Equal("application/pdf", (string)attachment["type"]!);
        Assert.Contains("Brême Cloud Services", PdfText(Convert.FromBase64String((string)attachment["content"]!)));

        var reportUrl = $"/api/procurements/{procurementId}/assessments/{assessmentId}/reports/1";
        var json = await app.ProjectManager.GetFromJsonAsync<JsonNode>(reportUrl);
        var missingPoints = (int)json!["gap"]!["variants"]!.AsArray().Single(v => (string)v!["alertLevel"]! == "normal")!["missingPoints"]!;
        Assert.True(missingPoints > 0);

        using (var pdf = await app.ProjectManager.GetAsync(reportUrl + "?format=pdf"))
        {
            Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
            Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
            // The supplier's name as typed (filename*), its ASCII spelling for older clients (filename).
            Assert.Equal("Brême Cloud Services-report-v1.pdf", pdf.Content.Headers.ContentDisposition!.FileNameStar);
            Assert.Equal("breme-cloud-services-report-v1.pdf", pdf.Content.Headers.ContentDisposition.FileName!.Trim('"'));
            var text = PdfText(await pdf.Content.ReadAsByteArrayAsync());
            Assert.Contains("Hospital records hosting", text);
            Assert.Contains($"{missingPoints}", text);
        }

        // The report page's address with ?format=pdf (fresh user's trial: it showed the page) leads to the same download.
        using (var noRedirects = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseAddress })
        {
            noRedirects.DefaultRequestHeaders.Authorization = app.ProjectManager.DefaultRequestHeaders.Authorization;
            using var redirect = await noRedirects.GetAsync(reportUrl.Replace("/api/", "/") + "?format=pdf&lang=fr");
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
            Assert.Equal(reportUrl + "?format=pdf&lang=fr", redirect.Headers.Location!.OriginalString);
            using var upperCase = await noRedirects.GetAsync(reportUrl.Replace("/api/", "/") + "?format=PDF"); // read as the API reads it
            Assert.Equal(HttpStatusCode.Redirect, upperCase.StatusCode);
        }
        using (var unknown = await app.ProjectManager.GetAsync(reportUrl.Replace("/api/", "/") + "?format=docx"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Equal("text/html", unknown.Content.Headers.ContentType!.MediaType); // the site's page, not problem+json
        }
        using (var fromPage = await app.ProjectManager.GetAsync(reportUrl + "?format=pdf&lang=fr"))
        {
            Assert.Equal(HttpStatusCode.OK, fromPage.StatusCode);
            Assert.Equal("application/pdf", fromPage.Content.Headers.ContentType!.MediaType);
            Assert.Equal("breme-cloud-services-rapport-v1.pdf", fromPage.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
        }

        using (var csv = await app.ProjectManager.GetAsync(reportUrl + "?format=csv"))
        {
            Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
            Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
            var bytes = await csv.Content.ReadAsByteArrayAsync();
            Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
            var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.StartsWith("Actor,Process area,", lines[0]);
            Assert.Equal(json["actionPlan"]!["items"]!.AsArray().Count, lines.Length - 1);
        }

        // Without lang the project manager gets their own reports' language (English here), whatever their browser
        // says; asked for in French (as the French report page links it), French headers.
        using (var request = new HttpRequestMessage(HttpMethod.Get, reportUrl + "?format=csv"))
        {
            request.Headers.AcceptLanguage.ParseAdd("fr-FR");
            using var own = await app.ProjectManager.SendAsync(request);
            Assert.StartsWith("\uFEFFActor,Process area,", Encoding.UTF8.GetString(await own.Content.ReadAsByteArrayAsync()));
        }
        using (var request = new HttpRequestMessage(HttpMethod.Get, reportUrl + "?format=csv&lang=fr"))
        {
            using var french = await app.ProjectManager.SendAsync(request);
            Assert.StartsWith("\uFEFFActeur,Domaine de processus,", Encoding.UTF8.GetString(await french.Content.ReadAsByteArrayAsync()));
        }
    }

    [Fact]
    public async Task An_unknown_format_is_a_problem_and_another_pm_or_a_missing_version_gets_404()
    {
        var procurementId = await app.CreateProcurementAsync("Archive hosting");
        var (assessmentId, token) = await app.InviteAsync(procurementId, "Archive Co", "sec@archive.example");
        await SubmitAsync(token, level: 3);
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v1", TimeSpan.FromSeconds(30));
        var reportUrl = $"/api/procurements/{procurementId}/assessments/{assessmentId}/reports/1";

        using (var xml = await app.ProjectManager.GetAsync(reportUrl + "?format=xml"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, xml.StatusCode);
            Assert.Equal("application/problem+json", xml.Content.Headers.ContentType!.MediaType);
            var problem = await xml.Content.ReadFromJsonAsync<JsonNode>();
            Assert.Contains("pdf", (string)problem!["errors"]!["format"]![0]!);
        }
        // Both query values are read in any case, and a 400 names each wrong one (fourth trial: only the first was named).
        using (var both = await app.ProjectManager.GetAsync(reportUrl + "?format=xls&lang=xx"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
            var errors = (await both.Content.ReadFromJsonAsync<JsonNode>())!["errors"]!.AsObject();
            Assert.Equal(["format", "lang"], errors.Select(e => e.Key).Order());
        }
        using (var upper = await app.ProjectManager.GetAsync(reportUrl + "?format=CSV&lang=FR"))
        {
            Assert.Equal(HttpStatusCode.OK, upper.StatusCode);
            Assert.Equal("text/csv", upper.Content.Headers.ContentType!.MediaType);
            Assert.Contains("-plan-d-action-", upper.Content.Headers.ContentDisposition!.FileNameStar);
        }
        using (var stranger = await app.OtherProjectManager.GetAsync(reportUrl + "?format=pdf"))
        {
            Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        }
        using (var missing = await app.ProjectManager.GetAsync(reportUrl.Replace("/reports/1", "/reports/7") + "?format=csv"))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
    }

    private async Task SubmitAsync(string token, int level)
    {
        var supplier = new Answering(app.Anonymous, token);
        await supplier.OpenAsync();
        using (var saved = await supplier.SaveAsync(supplier.AnswersFor(level, 1, "Our security plan, section 4.")))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }
        await supplier.AttachRequiredEvidenceAsync();
        using var submitted = await supplier.SubmitAsync();
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
    }

    private static string PdfText(byte[] pdf)
    {
        Assert.Equal("%PDF"u8.ToArray(), pdf[..4]);
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }
}
