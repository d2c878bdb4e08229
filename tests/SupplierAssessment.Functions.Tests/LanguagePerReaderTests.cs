using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using UglyToad.PdfPig;

namespace SupplierAssessment.Functions.Tests;

/// <summary>
/// Issue 11: one language per reader. A French project manager and the supplier they invite get every email and
/// report in French (the PDF with every letter of a Greek, French and Polish name); the stored version stays
/// language-neutral and reads in English or French on demand. On real Azurite, HTTP and the SendGrid client.
/// </summary>
public class LanguagePerReaderTests(PipelineApp app) : IClassFixture<PipelineApp>
{
    private const string SupplierName = "Ελληνική Φιλοξενία – Société « Hébergement » ŁÓDŹ";

    /// <summary>English sentences of the emails and reports: none may be left in a French one.</summary>
    private static readonly string[] EnglishTexts =
    [
        "Hello", "You are invited", "security questionnaire", "personal link", "valid until", "Open your questionnaire",
        "Keep this link", "Reminder", "not submitted yet", "days are left", "end of day", "Security capability report", "missing points at",
        "is ready", "Open the full report", "First actions", "Summary", "Points per alert level", "Exceeding points",
        "Declared by the supplier", "Capability grid", "helps reach level", "current rating", "Project manager", "Security expert",
    ];

    [Fact]
    public async Task A_french_project_manager_and_their_supplier_get_every_email_and_report_in_french_and_the_version_reads_in_english_on_demand()
    {
        using var created = await app.ProjectManager.PostAsJsonAsync("/api/procurements",
            new { name = "Hébergement du portail 2027", profileId = "government-web-hosting", activeAlertLevel = "normal", language = "fr" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var createdBody = (await created.Content.ReadFromJsonAsync<JsonNode>())!;
        var procurementId = (string)createdBody["id"]!;
        Assert.Equal("fr", (string)createdBody["language"]!); // the API says what it stored (fourth trial)

        // No language given for the supplier: the project manager's own.
        using var invited = await app.ProjectManager.PostAsJsonAsync($"/api/procurements/{procurementId}/invitations",
            new { supplierName = SupplierName, supplierEmail = "rssi@hellas.example" });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var invitedBody = (await invited.Content.ReadFromJsonAsync<JsonNode>())!;
        var assessmentId = (string)invitedBody["assessment"]!["id"]!;
        Assert.Equal("fr", (string)invitedBody["assessment"]!["language"]!);
        var read = (await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}"))!;
        Assert.Equal(("fr", "fr"), ((string)read["language"]!, (string)read["assessments"]![0]!["language"]!));
        var invitation = await app.Mail.WaitForMailAsync(m => m.IdempotencyKey?.StartsWith($"invitation:{assessmentId}") == true, TimeSpan.FromSeconds(10));
        Assert.Equal("Questionnaire de sécurité pour Hébergement du portail 2027", invitation.Subject);
        Assert.Contains($"Bonjour {SupplierName.Replace("« ", "«\u202F").Replace(" »", "\u202F»")},", invitation.Text);
        Assert.Matches(@"attendues au plus tard le \d{1,2}(er)? (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4} \(fin de journée, fuseau horaire Europe/Paris\)", invitation.Text);
        Assert.Contains("?lang=fr", invitation.Text);
        AssertFrench(invitation.Subject + invitation.Text + invitation.Html);

        // The supplier answers through its link and submits; the report email reaches the project manager in French.
        var supplier = new Answering(app.Anonymous, PipelineApp.TokenIn(invitation.Text!));
        Assert.Equal(HttpStatusCode.OK, (await supplier.OpenAsync()).StatusCode);
        using (var saved = await supplier.SaveAsync(supplier.AnswersFor(2, 3, "Politique formelle, revue chaque année.")))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }
        await supplier.AttachRequiredEvidenceAsync();
        using (var submitted = await supplier.SubmitAsync())
        {
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        }
        var mail = await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v1", TimeSpan.FromSeconds(30));
        Assert.Matches(@"\u202F: ([01] point manquant|([2-9]|\d\d+) points manquants) au niveau Normal \(rapport v1\)", mail.Subject);
        Assert.Contains($"/reports/1?lang=fr\"", mail.Html);
        Assert.Contains("Rapport de capacité en sécurité", mail.Text);
        AssertFrench(mail.Subject + mail.Text + mail.Html);

        // The attached PDF is French and draws every letter of the supplier's name.
        var attachment = Assert.Single(mail.Body["attachments"]!.AsArray())!;
        using (var pdf = PdfDocument.Open(Convert.FromBase64String((string)attachment["content"]!)))
        {
            var page = string.Join(" ", pdf.GetPage(1).GetWords().Select(w => w.Text));
            Assert.Contains(SupplierName, page);
            Assert.Contains("Rapport de capacité en sécurité", page);
            var all = string.Join(" ", pdf.GetPages().Select(p => p.Text));
            AssertFrench(all);
            Assert.DoesNotContain("?", all);
        }

        // The same stored version, in either language on demand.
        var reports = $"/api/procurements/{procurementId}/assessments/{assessmentId}/reports/1";
        var frenchHtml = await app.ProjectManager.GetStringAsync($"{reports}?format=html&lang=fr");
        var englishHtml = await app.ProjectManager.GetStringAsync($"{reports}?format=html&lang=en");
        Assert.Contains("<h2>Synthèse</h2>", frenchHtml);
        Assert.Contains("<html lang=\"fr\"", frenchHtml);
        Assert.Contains("<h2>Summary</h2>", englishHtml);
        var frenchCsv = Encoding.UTF8.GetString(await app.ProjectManager.GetByteArrayAsync($"{reports}?format=csv&lang=fr"));
        var englishCsv = Encoding.UTF8.GetString(await app.ProjectManager.GetByteArrayAsync($"{reports}?format=csv&lang=en"));
        Assert.StartsWith("\uFEFFActeur,Domaine de processus", frenchCsv);
        Assert.StartsWith("\uFEFFActor,Process area", englishCsv);
        using var englishPdf = PdfDocument.Open(await app.ProjectManager.GetByteArrayAsync($"{reports}?format=pdf&lang=en"));
        Assert.Contains("Security capability report", englishPdf.GetPage(1).Text);
    }

    [Fact]
    public async Task A_french_supplier_is_reminded_in_french_and_an_english_one_in_english()
    {
        var procurementId = await app.CreateProcurementAsync();
        var dueIn5Days = DateTimeOffset.UtcNow.AddDays(-25); // invited with 30 days: the 7-days-before reminder is due
        await app.InviteAtAsync(procurementId, "Lent Hébergement", "lent@fournisseur.example", dueIn5Days, language: "fr");
        await app.InviteAtAsync(procurementId, "Slow Hosting", "slow@hosting.example", dueIn5Days, language: "en");

        await app.Host.InvokeAsync("Housekeeping");
        var french = await app.Mail.WaitForMailAsync(m => m.To == "lent@fournisseur.example", TimeSpan.FromSeconds(10));
        var english = await app.Mail.WaitForMailAsync(m => m.To == "slow@hosting.example", TimeSpan.FromSeconds(10));
        Assert.StartsWith("Rappel\u202F: le questionnaire de sécurité pour Portal hosting est attendu le ", french.Subject);
        Assert.Contains("n'est pas encore envoyé", french.Text);
        AssertFrench(french.Subject + french.Text + french.Html);
        Assert.StartsWith("Reminder: the security questionnaire for Portal hosting is due on ", english.Subject);
        Assert.Contains("not submitted yet", english.Text);
    }

    [Fact]
    public async Task The_expert_is_told_of_an_assignment_in_their_language()
    {
        using var created = await app.ProjectManager.PostAsJsonAsync("/api/procurements",
            new { name = "Portail 2027", profileId = "government-web-hosting", language = "fr" });
        var procurementId = (string)(await created.Content.ReadFromJsonAsync<JsonNode>())!["id"]!;
        var (frenchId, _) = await app.InviteAtAsync(procurementId, "Société Alpha", "alpha@fournisseur.example", DateTimeOffset.UtcNow);
        var (englishId, _) = await app.InviteAtAsync(procurementId, "Beta Hosting", "beta@hosting.example", DateTimeOffset.UtcNow);

        // No language named: the project manager's (French); then an English-speaking expert named so (both configured experts).
        using (var assigned = await app.ProjectManager.PutAsJsonAsync($"/api/procurements/{procurementId}/assessments/{frenchId}/reviewer",
            new { expertId = "expert@celar.example" }))
        {
            Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        }
        using (var assigned = await app.ProjectManager.PutAsJsonAsync($"/api/procurements/{procurementId}/assessments/{englishId}/reviewer",
            new { expertId = "other-expert@celar.example", language = "en" }))
        {
            Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        }
        using (var bad = await app.ProjectManager.PutAsJsonAsync($"/api/procurements/{procurementId}/assessments/{englishId}/reviewer",
            new { expertId = "other-expert@celar.example", language = "de" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        var french = await app.Mail.WaitForMailAsync(m => m.To == "expert@celar.example", TimeSpan.FromSeconds(10));
        Assert.Equal("Revue demandée\u202F: Société Alpha pour Portail 2027", french.Subject);
        Assert.Contains($"/review/{procurementId}/{frenchId}?lang=fr", french.Text);
        Assert.Contains("Vous êtes chargé de la revue de l'évaluation de sécurité de Société Alpha pour la consultation «\u202FPortail 2027\u202F».", french.Text);
        Assert.DoesNotContain("review the security assessment", french.Text + french.Html);
        Assert.DoesNotContain("Hello", french.Text + french.Html);
        var english = await app.Mail.WaitForMailAsync(m => m.To == "other-expert@celar.example", TimeSpan.FromSeconds(10));
        Assert.Equal("Review requested: Beta Hosting for Portail 2027", english.Subject);
        Assert.Contains($"/review/{procurementId}/{englishId}\n", english.Text);
    }

    [Fact]
    public async Task A_download_without_lang_speaks_its_reader_s_language_and_is_named_after_the_supplier_as_typed()
    {
        var (procurementId, assessmentId) = await FrenchReportAsync("Portail 2028", "rssi@hellas-downloads.example");
        var reports = $"/api/procurements/{procurementId}/assessments/{assessmentId}/reports/1";

        // The project manager reads the site in English, but chose French reports: no lang gives theirs, as emailed.
        using var owner = PipelineApp.Client(app.BaseAddress, PipelineApp.PmKey);
        using (var pdf = await GetAsync(owner, $"{reports}?format=pdf", "en"))
        {
            Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
            using var document = PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync());
            Assert.Contains("Rapport de capacité en sécurité", string.Join(" ", document.GetPage(1).GetWords().Select(w => w.Text)));
            var disposition = pdf.Content.Headers.ContentDisposition!;
            Assert.Equal("attachment", disposition.DispositionType);
            Assert.Equal($"{SupplierName}-rapport-v1.pdf", disposition.FileNameStar);
            Assert.Equal("societe-hebergement-lodz-rapport-v1.pdf", disposition.FileName!.Trim('"'));
            Assert.Contains("filename*=UTF-8''", string.Join(",", pdf.Content.Headers.GetValues("Content-Disposition")));
        }
        using (var csv = await GetAsync(owner, $"{reports}?format=csv", "en"))
        {
            Assert.StartsWith("\uFEFFActeur,Domaine de processus", Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()));
            Assert.Equal($"{SupplierName}-plan-d-action-v1.csv", csv.Content.Headers.ContentDisposition!.FileNameStar);
        }
        using (var html = await GetAsync(owner, $"{reports}?format=html", "en"))
        {
            Assert.Contains("<h2>Synthèse</h2>", await html.Content.ReadAsStringAsync());
        }
        // Asked for, a language wins; an unknown one is refused (400 naming lang), as everywhere in the API.
        using (var english = await GetAsync(owner, $"{reports}?format=pdf&lang=en", "fr"))
        {
            using var document = PdfDocument.Open(await english.Content.ReadAsByteArrayAsync());
            Assert.Contains("Security capability report", document.GetPage(1).Text);
            Assert.Equal($"{SupplierName}-report-v1.pdf", english.Content.Headers.ContentDisposition!.FileNameStar);
        }
        // In any case, as format is read (fourth trial: ?format=CSV was accepted and ?lang=FR refused).
        using (var upper = await GetAsync(owner, $"{reports}?format=pdf&lang=FR", "en"))
        {
            Assert.Equal($"{SupplierName}-rapport-v1.pdf", upper.Content.Headers.ContentDisposition!.FileNameStar);
        }
        foreach (var unknown in new[] { "de", "xx", "" })
        {
            using var refused = await GetAsync(owner, $"{reports}?format=pdf&lang={unknown}", "en");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.NotNull((await refused.Content.ReadFromJsonAsync<JsonNode>())!["errors"]!["lang"]);
        }

        // The report page frames and links the report in its own language.
        var page = await (await GetAsync(owner, $"/procurements/{procurementId}/assessments/{assessmentId}/reports/1?lang=fr", "en")).Content.ReadAsStringAsync();
        var frame = System.Text.RegularExpressions.Regex.Match(page, "<iframe class=\"report-frame\" src=\"([^\"]+)\"").Groups[1].Value.Replace("&amp;", "&");
        Assert.EndsWith("&lang=fr", frame);
        Assert.Contains("<h2>Synthèse</h2>", await (await GetAsync(owner, frame, "en")).Content.ReadAsStringAsync());
        var englishPage = await (await GetAsync(owner, $"/procurements/{procurementId}/assessments/{assessmentId}/reports/1?lang=en", "fr")).Content.ReadAsStringAsync();
        var englishFrame = System.Text.RegularExpressions.Regex.Match(englishPage, "<iframe class=\"report-frame\" src=\"([^\"]+)\"").Groups[1].Value.Replace("&amp;", "&");
        Assert.Contains("<h2>Summary</h2>", await (await GetAsync(owner, englishFrame, "fr")).Content.ReadAsStringAsync());

        // Another reader (the assigned expert) without lang: the language they read the site in.
        using (var assigned = await app.ProjectManager.PutAsJsonAsync($"/api/procurements/{procurementId}/assessments/{assessmentId}/reviewer",
            new { expertId = "expert@celar.example", language = "en" }))
        {
            Assert.Equal(HttpStatusCode.OK, assigned.StatusCode);
        }
        using var expert = PipelineApp.Client(app.BaseAddress, PipelineApp.ExpertKey);
        using (var csv = await GetAsync(expert, $"{reports}?format=csv", "en"))
        {
            Assert.StartsWith("\uFEFFActor,Process area", Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync()));
            Assert.Equal($"{SupplierName}-action-plan-v1.csv", csv.Content.Headers.ContentDisposition!.FileNameStar);
        }
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string acceptLanguage)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        return await client.SendAsync(request);
    }

    /// <summary>A French project manager's procurement whose supplier (<see cref="SupplierName"/>) submitted: report version 1 is stored.</summary>
    private async Task<(string ProcurementId, string AssessmentId)> FrenchReportAsync(string procurementName, string supplierEmail)
    {
        using var created = await app.ProjectManager.PostAsJsonAsync("/api/procurements",
            new { name = procurementName, profileId = "government-web-hosting", activeAlertLevel = "normal", language = "fr" });
        var procurementId = (string)(await created.Content.ReadFromJsonAsync<JsonNode>())!["id"]!;
        var (assessmentId, token) = await app.InviteAsync(procurementId, SupplierName, supplierEmail);
        var supplier = new Answering(app.Anonymous, token);
        Assert.Equal(HttpStatusCode.OK, (await supplier.OpenAsync()).StatusCode);
        using (var saved = await supplier.SaveAsync(supplier.AnswersFor(2, 3, "Politique formelle, revue chaque année.")))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }
        await supplier.AttachRequiredEvidenceAsync();
        using (var submitted = await supplier.SubmitAsync())
        {
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        }
        await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{assessmentId}:v1", TimeSpan.FromSeconds(30));
        return (procurementId, assessmentId);
    }

    private static void AssertFrench(string text)
    {
        var left = EnglishTexts.Where(e => text.Contains(e, StringComparison.OrdinalIgnoreCase)).ToArray();
        Assert.True(left.Length == 0, $"English left: {string.Join(" | ", left)}");
    }
}
