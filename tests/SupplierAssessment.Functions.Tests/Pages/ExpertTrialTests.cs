using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace SupplierAssessment.Functions.Tests.Pages;

/// <summary>
/// What a new user's trial of the expert's work found, on the real pipeline and in a real browser: a colleague's
/// correction stays theirs, a final review keeps its expert, the supplier page's "not applicable" refusals read right in
/// both languages, an N/A justification is stored as typed (LF) and nothing beside the claim is silently dropped, and a
/// typed body's wrong field is named without a .NET type.
/// </summary>
public class ExpertTrialTests(PipelineApp app, Chromium chromium) : IClassFixture<PipelineApp>, IClassFixture<Chromium>
{
    private const string ExpertA = "expert@celar.example";
    private const string ExpertB = "other-expert@celar.example";
    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_correction_made_by_another_expert_is_neither_replaced_nor_removed_by_the_expert_assigned_since_in_the_API_or_on_the_page()
    {
        var (procurementId, assessmentId) = await ReportedAssessmentAsync("Colleague Hosting");
        var assessment = $"/api/procurements/{procurementId}/assessments/{assessmentId}";
        using (var corrected = await app.Expert.PutAsJsonAsync($"{assessment}/overrides", new { processArea = "PA01", commonFeature = "2.1", rating = "F", note = "Signed policy seen." }))
        {
            Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        }
        using (var reassigned = await app.ProjectManager.PutAsJsonAsync($"{assessment}/reviewer", new { expertId = ExpertB }))
        {
            Assert.Equal(HttpStatusCode.OK, reassigned.StatusCode);
        }
        using var expertB = PipelineApp.Client(app.BaseAddress, PipelineApp.OtherExpertKey);
        using (var replaced = await expertB.PutAsJsonAsync($"{assessment}/overrides", new { processArea = "PA01", commonFeature = "2.1", rating = "N", note = "No policy found." }))
        {
            Assert.Equal(HttpStatusCode.Conflict, replaced.StatusCode);
            Assert.Equal("application/problem+json", replaced.Content.Headers.ContentType?.MediaType);
            Assert.Equal("The correction of PA01/2.1 was made by expert@celar.example: only they can replace it.",
                (string)(await replaced.Content.ReadFromJsonAsync<JsonNode>())!["title"]!);
        }
        using (var removed = await expertB.DeleteAsync($"{assessment}/overrides/PA01/2.1"))
        {
            Assert.Equal(HttpStatusCode.Conflict, removed.StatusCode);
            Assert.Contains("made by expert@celar.example", (string)(await removed.Content.ReadFromJsonAsync<JsonNode>())!["title"]!);
        }

        // On the page: the same refusal above the form, naming who made the correction, and the note kept as typed.
        var page = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.OtherExpertKey, $"/review/{procurementId}/{assessmentId}?cell=PA01/2.1");
        await page.GetByLabel("Rating letter").SelectOptionAsync("N");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Evidence note" }).FillAsync("No policy found on site.");
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Save correction" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(409, answer.Status);
        Assert.Contains("The correction of PA01/2.1 was made by expert@celar.example: only they can replace it.",
            await page.Locator("form.override [role=alert]").InnerTextAsync());
        Assert.Equal("No policy found on site.", await page.GetByRole(AriaRole.Textbox, new() { Name = "Evidence note" }).InputValueAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Remove this correction" }).CountAsync());

        var stored = await app.ProjectManager.GetFromJsonAsync<JsonNode>(assessment);
        var correction = Assert.Single(stored!["overrides"]!.AsArray());
        Assert.Equal((ExpertA, "Signed policy seen.", "F"), ((string)correction!["expertId"]!, (string)correction["note"]!, (string)correction["letter"]!));
    }

    [Fact]
    public async Task A_final_review_cannot_be_reassigned_in_the_API_or_on_the_procurement_page_and_nobody_is_emailed()
    {
        var (procurementId, assessmentId) = await ReportedAssessmentAsync("Finalized Hosting");
        var assessment = $"/api/procurements/{procurementId}/assessments/{assessmentId}";
        // The project manager's page is open while the expert finalizes: its assignment form is stale.
        var page = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.PmKey, $"/procurements/{procurementId}");
        using (var finalized = await app.Expert.PostAsync($"{assessment}/finalize", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, finalized.StatusCode);
        }
        using (var refused = await app.ProjectManager.PutAsJsonAsync($"{assessment}/reviewer", new { expertId = ExpertB }))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("The review is final", (string)(await refused.Content.ReadFromJsonAsync<JsonNode>())!["title"]!);
        }

        var row = Row(page, "Finalized Hosting");
        await row.GetByLabel("Reviewing expert").SelectOptionAsync(ExpertB);
        var answer = await page.RunAndWaitForResponseAsync(
            () => row.GetByRole(AriaRole.Button, new() { Name = "Assign" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal(400, answer.Status);
        Assert.Equal("The review is final: its expert can no longer be changed.", await Row(page, "Finalized Hosting").Locator(".field-error").InnerTextAsync());
        Assert.Equal(ExpertB, await Row(page, "Finalized Hosting").GetByLabel("Reviewing expert").InputValueAsync()); // kept as sent
        // A fresh page no longer offers to reassign a final review: it says who reviewed it.
        await page.GotoAsync($"/procurements/{procurementId}");
        Assert.Equal(0, await Row(page, "Finalized Hosting").GetByLabel("Reviewing expert").CountAsync());
        Assert.Contains($"Reviewed by {ExpertA} (final).", await Row(page, "Finalized Hosting").InnerTextAsync());

        var stored = await app.ProjectManager.GetFromJsonAsync<JsonNode>(assessment);
        Assert.Equal(ExpertA, (string)stored!["assessment"]!["reviewerId"]!);
        Assert.DoesNotContain(app.Mail.Mails, m => m.IdempotencyKey == $"review-assigned:{assessmentId}:{ExpertB}");
        using var reports = await app.Expert.GetAsync($"{assessment}/reports"); // the finalizing expert keeps access
        Assert.Equal(HttpStatusCode.OK, reports.StatusCode);
    }

    [Fact]
    public async Task An_expert_id_too_long_to_be_configured_says_to_pick_a_configured_expert_in_the_API_and_on_the_page()
    {
        var procurementId = await app.CreateProcurementAsync("Long id procurement");
        var (assessmentId, _) = await app.InviteAsync(procurementId, "Long Id Hosting", "sec@long-id.example");
        var tooLong = new string('e', 300);
        using (var refused = await app.ProjectManager.PutAsJsonAsync($"/api/procurements/{procurementId}/assessments/{assessmentId}/reviewer", new { expertId = tooLong }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("Pick one of the configured security experts.", (string)(await refused.Content.ReadFromJsonAsync<JsonNode>())!["errors"]!["expertId"]![0]!);
        }

        var page = await chromium.SignedInAsync(app.BaseAddress, PipelineApp.PmKey, $"/procurements/{procurementId}");
        await Row(page, "Long Id Hosting").GetByLabel("Reviewing expert").EvaluateAsync(
            "(select, id) => { select.add(new Option(id, id)); select.value = id; }", tooLong);
        await Row(page, "Long Id Hosting").GetByRole(AriaRole.Button, new() { Name = "Assign" }).ClickAsync();
        Assert.Equal("Pick one of the configured security experts.", await Row(page, "Long Id Hosting").Locator(".field-error").InnerTextAsync());
    }

    public static TheoryData<string, string, string> WrongTypes => new()
    {
        { "reviewer", """{"expertId":42}""", "expertId" },
        { "reviewer", """{"expertId":"expert@celar.example","language":["fr"]}""", "language" },
        { "procurements", """{"name":5}""", "name" },
        { "procurements", """{"name":"Typed","baselineLevel":"three"}""", "baselineLevel" },
        { "invitations", """{"supplierName":["Acme"],"supplierEmail":"sec@acme.example"}""", "supplierName" },
        { "alert-level", """{"alertLevel":7}""", "alertLevel" },
        { "overrides", """{"processArea":1,"commonFeature":"1.1","rating":"F","note":"x"}""", "processArea" },
        { "overrides", """{"processArea":"PA01","commonFeature":"1.1","rating":"F","note":{"text":"x"}}""", "note" },
    };

    [Theory]
    [MemberData(nameof(WrongTypes))]
    public async Task A_field_of_the_wrong_JSON_type_is_a_400_naming_the_field_and_no_dotnet_type(string operation, string body, string field)
    {
        var procurementId = await app.CreateProcurementAsync("Typed bodies procurement");
        var (assessmentId, _) = await app.InviteAsync(procurementId, "Typed Hosting", "sec@typed.example");
        var (client, method, path) = operation switch
        {
            "reviewer" => (app.ProjectManager, HttpMethod.Put, $"/api/procurements/{procurementId}/assessments/{assessmentId}/reviewer"),
            "procurements" => (app.ProjectManager, HttpMethod.Post, "/api/procurements"),
            "invitations" => (app.ProjectManager, HttpMethod.Post, $"/api/procurements/{procurementId}/invitations"),
            "alert-level" => (app.ProjectManager, HttpMethod.Put, $"/api/procurements/{procurementId}/alert-level"),
            _ => (app.Expert, HttpMethod.Put, $"/api/procurements/{procurementId}/assessments/{assessmentId}/overrides"),
        };
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        var errors = JsonNode.Parse(text)!["errors"]!.AsObject();
        Assert.Equal([field], errors.Select(e => e.Key));
        Assert.StartsWith(field + " takes ", (string)errors[field]![0]!);
        Assert.DoesNotContain("System.", text);
        Assert.DoesNotContain("SupplierAssessment.", text);
    }

    [Fact]
    public async Task A_not_applicable_justification_sent_with_CRLF_is_stored_with_LF_and_an_NA_object_with_other_properties_is_refused_naming_the_question()
    {
        var procurementId = await app.CreateProcurementAsync("CRLF procurement");
        var (_, token) = await app.InviteAsync(procurementId, "CRLF Hosting", "sec@crlf.example");
        var supplier = new Answering(app.Anonymous, token);
        Assert.Equal(HttpStatusCode.OK, (await supplier.OpenAsync()).StatusCode);
        using (var saved = await supplier.SaveAsync(new Dictionary<string, object> { ["ORG-04"] = new { notApplicable = "No subcontractors:\r\nall in house.\r\n" } }))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }
        using (var refused = await supplier.SaveAsync(new Dictionary<string, object> { ["ORG-05"] = new { notApplicable = "None.", extra = 1 } }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var errors = (await refused.Content.ReadFromJsonAsync<JsonNode>())!["errors"]!.AsObject();
            Assert.Equal(["ORG-05"], errors.Select(e => e.Key));
            Assert.Contains("with no other property", (string)errors["ORG-05"]![0]!);
        }
        Assert.Equal(HttpStatusCode.OK, (await supplier.OpenAsync()).StatusCode);
        Assert.Equal("No subcontractors:\nall in house.", (string)supplier.Questionnaire["answers"]!["ORG-04"]!["notApplicable"]!);
        Assert.Null(supplier.Questionnaire["answers"]!["ORG-05"]);
    }

    // page language; question: its answer and justification as posted; the message expected beside it
    public static TheoryData<string, string, string, string, string> NotApplicableRefusals => new()
    {
        { "fr", "ORG-04", "NA", "", "Dites pourquoi cette question ne vous concerne pas : une réponse « sans objet » doit être justifiée." },
        { "fr", "ORG-05", "NA", "  ", "Dites pourquoi cette question ne vous concerne pas : une réponse « sans objet » doit être justifiée." },
        { "fr", "ORG-04", "NA", new string('x', 2001), "La justification fait 2001 caractères ; 2000 au plus sont acceptés." },
        { "fr", "ORG-01", "NA", "Not ours.", "Cette question ne peut pas recevoir la réponse « sans objet »." },
        { "fr", "ORG-02", "NA", "Not ours.", "Cette question ne peut pas recevoir la réponse « sans objet »." },
        { "en", "ORG-01", "NA", "Not ours.", "This question cannot be answered \"not applicable\"." },
        { "en", "ORG-02", "NA", "Not ours.", "This question cannot be answered \"not applicable\"." },
        { "en", "ORG-05", "NA", "", "Say why this question does not apply to you: a \"not applicable\" answer needs a justification." },
        { "en", "ORG-04", "NA", new string('x', 2001), "The justification is 2001 characters long; at most 2000 are accepted." },
    };

    [Theory]
    [MemberData(nameof(NotApplicableRefusals))]
    public async Task The_supplier_pages_not_applicable_refusals_read_right_in_each_language(
        string language, string questionId, string answer, string justification, string expected)
    {
        var procurementId = await app.CreateProcurementAsync("NA wording procurement");
        var (_, token) = await app.InviteAsync(procurementId, "NA Wording Hosting", "sec@na-wording.example");
        var page = await chromium.NewPageAsync(app.BaseAddress, javaScript: false);
        await page.GotoAsync($"/q/{token}?topic=organization&lang={language}");

        // A post as the form sends it (a question that does not admit N/A offers no such choice: a crafted post).
        var form = page.Context.APIRequest.CreateFormData();
        form.Set("__RequestVerificationToken", (await page.Locator("#answers input[name=__RequestVerificationToken]").GetAttributeAsync("value"))!);
        form.Set("etag", (await page.Locator("#answers input[name=etag]").GetAttributeAsync("value"))!);
        form.Set("topic", "organization");
        form.Set(questionId, answer);
        form.Set(questionId + ".na", justification);
        var refused = await page.Context.APIRequest.PostAsync($"/q/{token}?handler=Save&lang={language}", new() { Form = form });

        Assert.Equal(400, refused.Status);
        await page.SetContentAsync(await refused.TextAsync());
        Assert.Equal(SupplierAssessment.Adapters.Typography.Punctuate(expected, language), (await page.Locator($"#question-{questionId} .field-error").InnerTextAsync()).Trim());
    }

    // ---- steps ----

    private Task<(string ProcurementId, string AssessmentId)> ReportedAssessmentAsync(string supplierName) => app.ReportedAndAssignedAsync(supplierName, ExpertA);

    private static ILocator Row(IPage page, string supplierName) =>
        page.Locator("#suppliers tbody tr").Filter(new() { Has = page.Locator("th", new() { HasText = supplierName }) });
}
