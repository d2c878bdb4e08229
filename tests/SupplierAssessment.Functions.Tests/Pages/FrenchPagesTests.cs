using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace SupplierAssessment.Functions.Tests.Pages;

/// <summary>
/// Issue 11 in a real browser: the landing page and the procurements list speak French (names, not ids), and the
/// project manager chooses on the procurement's page the language of their report emails and of each supplier's
/// invitation — which then arrives in it.
/// </summary>
public class FrenchPagesTests(PipelineApp app, Chromium chromium) : IClassFixture<PipelineApp>, IClassFixture<Chromium>
{
    private static readonly string[] EnglishTexts =
        ["Security questionnaires", "Procurements", "Sign in", "what-if gap", "Your procurements", "Profile", "Alert level", "Created"];

    [Fact]
    public async Task A_french_suppliers_receipt_opened_in_a_new_browser_is_in_french_with_the_time_in_the_procurements_zone()
    {
        // Found by a fresh user: the receipt opened without ?lang or the cookie was in English, its time in UTC.
        var procurementId = await app.CreateProcurementAsync("Reçu en français");
        using var invited = await app.ProjectManager.PostAsJsonAsync($"/api/procurements/{procurementId}/invitations",
            new { supplierName = "Hébergeur Sûr", supplierEmail = "rssi@heberge-sur.example", language = "fr" });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        var assessmentId = (string)(await invited.Content.ReadFromJsonAsync<JsonNode>())!["assessment"]!["id"]!;
        var invitation = await app.Mail.WaitForMailAsync(m => m.IdempotencyKey?.StartsWith($"invitation:{assessmentId}:") == true, TimeSpan.FromSeconds(10));
        var token = PipelineApp.TokenIn(invitation.Text!);
        var supplier = new Answering(app.Anonymous, token);
        (await supplier.OpenAsync()).Dispose();
        (await supplier.SaveAsync(supplier.AnswersFor(3, 1, "Décrit dans notre plan de sécurité."))).Dispose();
        await supplier.AttachRequiredEvidenceAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await supplier.SubmitAsync()).StatusCode);

        var page = await chromium.NewPageAsync(app.BaseAddress); // a new browser: no cookie, English Accept-Language
        await page.GotoAsync($"/q/{Uri.EscapeDataString(token)}/receipt");
        Assert.Equal("fr", await page.Locator("html").GetAttributeAsync("lang"));
        var when = await page.Locator(".receipt-when").InnerTextAsync();
        Assert.StartsWith("Envoyé le", when.Trim());
        Assert.Contains("(fuseau horaire Europe/Paris)", when);
        Assert.DoesNotContain("UTC", when);
    }

    [Fact]
    public async Task The_landing_page_and_the_procurements_list_read_in_french_with_names_instead_of_ids()
    {
        var page = await chromium.NewPageAsync(app.BaseAddress);
        await page.GotoAsync("/?lang=fr");
        Assert.Equal("fr", await page.Locator("html").GetAttributeAsync("lang"));
        var home = await page.Locator("body").InnerTextAsync();
        Assert.Contains("Des questionnaires de sécurité pour les fournisseurs candidats", home);
        Assert.Contains("Consultations", home);
        Assert.DoesNotContain("Security questionnaires", home);
        Assert.DoesNotContain("Sign in", home);

        using (var created = await app.ProjectManager.PostAsJsonAsync("/api/procurements",
            new { name = "Hébergement du portail", profileId = "government-web-hosting", activeAlertLevel = "elevated" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        await SignInAsync(page);
        await page.GotoAsync("/procurements?lang=fr");
        Assert.Equal("Vos consultations", await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).InnerTextAsync());
        var row = page.Locator("tbody tr").Filter(new() { HasText = "Hébergement du portail" }).First;
        var cells = await row.Locator("td").AllInnerTextsAsync();
        Assert.Equal("Hébergement de sites web gouvernementaux v1", cells[1]);
        Assert.Equal("Renforcé", cells[2]);
        Assert.Matches(@"^\d{1,2}(er)? (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}$", cells[3]);
        var list = await page.Locator("main").InnerTextAsync();
        Assert.DoesNotContain("government-web-hosting", list);
        Assert.DoesNotContain("elevated", list);
        Assert.All(EnglishTexts, english => Assert.DoesNotContain(english, list));
    }

    [Fact]
    public async Task The_project_manager_picks_french_reports_and_a_french_supplier_on_the_procurement_page()
    {
        using var created = await app.ProjectManager.PostAsJsonAsync("/api/procurements",
            new { name = "Portail 2027", profileId = "government-web-hosting", activeAlertLevel = "normal", language = "en" });
        var procurementId = (string)(await created.Content.ReadFromJsonAsync<JsonNode>())!["id"]!;
        var page = await chromium.NewPageAsync(app.BaseAddress);
        await SignInAsync(page);
        await page.GotoAsync($"/procurements/{procurementId}?lang=fr");
        Assert.Contains("Langue de vos rapports\nanglais", await page.Locator("dl.facts").InnerTextAsync());

        await page.GetByLabel("Recevoir les courriels et PDF de rapport en").SelectOptionAsync("fr");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer la langue" }).ClickAsync();
        Assert.Contains("Vos courriels de rapport arrivent désormais en français.", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        Assert.Contains("Langue de vos rapports\nfrançais", await page.Locator("dl.facts").InnerTextAsync());

        // The supplier's language defaults to the project manager's, now French.
        Assert.Equal("fr", await page.GetByLabel("Langue du fournisseur").InputValueAsync());
        await page.GetByLabel("Nom du fournisseur").FillAsync("Société Alpha");
        await page.GetByLabel("Courriel du fournisseur").FillAsync("rssi@alpha.pages.example");
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer l'invitation" }).ClickAsync();
        Assert.Contains("Société Alpha est invité", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        // The link's end date in words, as every page, report and email writes dates.
        var row = page.Locator("tbody tr").Filter(new() { HasText = "Société Alpha" }).First;
        Assert.Matches(@"^\d{1,2}(er)? (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4} \(fin de journée, fuseau horaire Europe/Paris\)$",
            await row.Locator("span.date").InnerTextAsync());
        await page.GotoAsync($"/procurements/{procurementId}?lang=en");
        Assert.Matches(@"^\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4} \(end of day, Europe/Paris time\)$",
            await page.Locator("tbody tr").Filter(new() { HasText = "Société Alpha" }).First.Locator("span.date").InnerTextAsync());
        await page.GotoAsync($"/procurements/{procurementId}?lang=fr");
        var invitation = await app.Mail.WaitForMailAsync(m => m.To == "rssi@alpha.pages.example", TimeSpan.FromSeconds(30));
        Assert.Equal("Questionnaire de sécurité pour Portail 2027", invitation.Subject);
        Assert.Contains("Bonjour Société Alpha,", invitation.Text);
        Assert.DoesNotContain("Hello", invitation.Text);
    }

    [Fact]
    public async Task An_unknown_language_posted_to_the_procurement_page_is_refused_beside_its_field_and_changes_nothing()
    {
        using var created = await app.ProjectManager.PostAsJsonAsync("/api/procurements",
            new { name = "Portail 2029", profileId = "government-web-hosting", activeAlertLevel = "normal", language = "fr" });
        var procurementId = (string)(await created.Content.ReadFromJsonAsync<JsonNode>())!["id"]!;
        var page = await chromium.NewPageAsync(app.BaseAddress);
        await SignInAsync(page);
        await page.GotoAsync($"/procurements/{procurementId}?lang=en");

        // The report language: "de", then no field at all.
        await page.EvalOnSelectorAsync("#language option[value=en]", "o => o.value = 'de'");
        await page.GetByLabel("Receive the report emails and PDFs in").SelectOptionAsync("de");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Save the language" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, refused.Status);
        Assert.Equal("Choose English or French: nothing was changed.", await page.Locator("#language-error").InnerTextAsync());
        Assert.Equal("true", await page.Locator("#language").GetAttributeAsync("aria-invalid"));
        Assert.Contains("Language of your reports\nFrench", await page.Locator("dl.facts").InnerTextAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Status).CountAsync());
        await page.EvalOnSelectorAsync("#language", "s => s.removeAttribute('name')");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the language" }).ClickAsync();
        Assert.Equal("Choose English or French: nothing was changed.", await page.Locator("#language-error").InnerTextAsync());
        await page.GotoAsync($"/procurements/{procurementId}?lang=en");
        Assert.Contains("Language of your reports\nFrench", await page.Locator("dl.facts").InnerTextAsync());

        // The supplier's language: "xx" is refused the same way, and no invitation goes out.
        await page.GetByLabel("Supplier name").FillAsync("Gamma Hosting");
        await page.GetByLabel("Supplier email").FillAsync("sec@gamma.pages.example");
        await page.EvalOnSelectorAsync("#supplierLanguage option[value=en]", "o => o.value = 'xx'");
        await page.GetByLabel("Supplier's language").SelectOptionAsync("xx");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the invitation" }).ClickAsync();
        Assert.Equal("Choose English or French: nothing was changed.", await page.Locator("#supplierLanguage-error").InnerTextAsync());
        Assert.Equal("Gamma Hosting", await page.GetByLabel("Supplier name").InputValueAsync());
        Assert.DoesNotContain("Gamma Hosting", await page.Locator("main").InnerTextAsync()); // not in the suppliers' table
        await Task.Delay(500);
        Assert.DoesNotContain(app.Mail.Mails, m => m.To == "sec@gamma.pages.example");
    }

    [Fact]
    public async Task An_outcome_shown_after_a_form_speaks_the_language_of_the_page_that_shows_it()
    {
        var ids = new List<string>();
        foreach (var name in new[] { "Portail 2030", "Portal 2031" })
        {
            using var created = await app.ProjectManager.PostAsJsonAsync("/api/procurements",
                new { name, profileId = "government-web-hosting", activeAlertLevel = "normal", language = "en" });
            ids.Add((string)(await created.Content.ReadFromJsonAsync<JsonNode>())!["id"]!);
        }
        var page = await chromium.NewPageAsync(app.BaseAddress);
        await SignInAsync(page);
        await page.GotoAsync($"/procurements/{ids[0]}?lang=fr");
        // Saved from the French page of one procurement (the redirect not followed), then another one's page read in English.
        var token = await page.Locator("form[action='?handler=Language'] input[name=__RequestVerificationToken]").GetAttributeAsync("value");
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", token!);
        form.Set("language", "fr");
        var saved = await page.Context.APIRequest.PostAsync($"/procurements/{ids[0]}?handler=Language", new() { Form = form, MaxRedirects = 0 });
        Assert.Equal(302, saved.Status);
        await page.GotoAsync($"/procurements/{ids[1]}?lang=en");
        Assert.Equal("Your report emails now come in French.", await page.GetByRole(AriaRole.Status).InnerTextAsync());
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/signin?lang=en");
        await page.GetByLabel("Your key").FillAsync(PipelineApp.PmKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/procurements");
    }
}
