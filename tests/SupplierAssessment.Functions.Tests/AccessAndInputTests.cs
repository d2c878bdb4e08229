using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace SupplierAssessment.Functions.Tests;

/// <summary>Bad input and wrong people: clear errors, nothing saved lost, nobody sees what is not theirs.</summary>
public class AccessAndInputTests(PipelineApp app) : IClassFixture<PipelineApp>
{
    private const string BadLinkTitle = "This questionnaire link is not valid.";

    private async Task<(string ProcurementId, string AssessmentId, string Token)> InvitedAsync(string name)
    {
        var procurementId = await app.CreateProcurementAsync();
        var (assessmentId, token) = await app.InviteAsync(procurementId, name, $"{Guid.NewGuid():N}@supplier.example");
        return (procurementId, assessmentId, token);
    }

    private static async Task<string> TitleOf(HttpResponseMessage response) =>
        (string)(await response.Content.ReadFromJsonAsync<JsonNode>())!["title"]!;

    [Fact]
    public async Task Stale_save_gets_412_and_the_newer_answers_stay()
    {
        var (_, _, token) = await InvitedAsync("Stale Hosting");
        var first = new Answering(app.Anonymous, token);
        var second = new Answering(app.Anonymous, token);
        await first.OpenAsync();
        await second.OpenAsync();
        var scaleId = (string)first.Questions.First(q => (string)q["kind"]! == "scale")["id"]!;

        Assert.Equal(HttpStatusCode.OK, (await first.SaveAsync(new Dictionary<string, object> { [scaleId] = 4 })).StatusCode);
        using var stale = await second.SaveAsync(new Dictionary<string, object> { [scaleId] = 1 });

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Contains("changed elsewhere", await TitleOf(stale));
        var reread = new Answering(app.Anonymous, token);
        await reread.OpenAsync();
        Assert.Equal(4, (int)reread.Questionnaire["answers"]![scaleId]!);
    }

    [Fact]
    public async Task Save_without_If_Match_is_refused_with_428()
    {
        var (_, _, token) = await InvitedAsync("Careless Hosting");
        var supplier = new Answering(app.Anonymous, token);
        using var response = await supplier.SaveAsync(new Dictionary<string, object> { ["POL-01"] = 2 });
        Assert.Equal((HttpStatusCode)428, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_question_and_bad_values_are_named_and_nothing_is_saved()
    {
        var (_, _, token) = await InvitedAsync("Sloppy Hosting");
        var supplier = new Answering(app.Anonymous, token);
        await supplier.OpenAsync();
        var scaleId = (string)supplier.Questions.First(q => (string)q["kind"]! == "scale")["id"]!;
        var choiceId = (string)supplier.Questions.First(q => (string)q["kind"]! == "choice")["id"]!;

        using var response = await supplier.SaveAsync(new Dictionary<string, object> { [scaleId] = 3, ["ZZZ-99"] = 1, [choiceId] = "maybe" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonNode>())!["errors"]!.AsObject();
        Assert.Equal(new[] { "ZZZ-99", choiceId }.Order(StringComparer.Ordinal), errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        var reread = new Answering(app.Anonymous, token);
        await reread.OpenAsync();
        Assert.Empty(reread.Questionnaire["answers"]!.AsObject());
    }

    [Fact]
    public async Task Submit_with_required_answers_missing_names_them_and_stays_open()
    {
        var (_, _, token) = await InvitedAsync("Hasty Hosting");
        var supplier = new Answering(app.Anonymous, token);
        await supplier.OpenAsync();
        await supplier.SaveAsync(supplier.AnswersFor(2, 1, "x", q => q["id"]!.ToString().StartsWith("POL")));
        using var response = await supplier.SubmitAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("required question", await TitleOf(response));
        await supplier.OpenAsync();
        Assert.Equal("inProgress", (string)supplier.Questionnaire["state"]!);
    }

    [Fact]
    public async Task Wrong_revoked_and_replaced_links_get_the_same_answer()
    {
        var (procurementId, assessmentId, token) = await InvitedAsync("Revoked Hosting");
        var parts = token.Split('.');
        var wrongSecret = $"{parts[0]}.{parts[1]}.{new string('A', parts[2].Length)}";
        var unknownIds = $"aaaaaaaaaaaa.bbbbbbbbbbbb.{parts[2]}";

        using var revoke = await app.ProjectManager.PostAsync($"/api/procurements/{procurementId}/assessments/{assessmentId}/revoke", null);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        foreach (var bad in new[] { token, wrongSecret, unknownIds, "garbage", "a.b.c.d" })
        {
            using var response = await app.Anonymous.GetAsync($"/api/questionnaires/{Uri.EscapeDataString(bad)}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal(BadLinkTitle, await TitleOf(response));
        }

        // Resending issues a new link that works; the revoked one stays dead.
        using var resend = await app.ProjectManager.PostAsync($"/api/procurements/{procurementId}/assessments/{assessmentId}/resend", null);
        Assert.Equal(HttpStatusCode.OK, resend.StatusCode);
        var mails = app.Mail.Mails.Where(m => m.IdempotencyKey?.StartsWith($"invitation:{assessmentId}") == true).ToArray();
        Assert.Equal(2, mails.Length);
        var newToken = PipelineApp.TokenIn(mails[^1].Text!);
        Assert.NotEqual(token, newToken);
        Assert.Equal(HttpStatusCode.OK, (await new Answering(app.Anonymous, newToken).OpenAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await new Answering(app.Anonymous, token).OpenAsync()).StatusCode);
    }

    [Fact]
    public async Task The_questionnaire_reads_lang_as_the_downloads_do_any_case_and_refuses_another_language()
    {
        var (_, _, token) = await InvitedAsync("Polyglot Hosting");
        var english = (await app.Anonymous.GetFromJsonAsync<JsonNode>($"/api/questionnaires/{token}"))!;
        var french = (await app.Anonymous.GetFromJsonAsync<JsonNode>($"/api/questionnaires/{token}?lang=FR"))!;
        Assert.NotEqual((string)english["title"]!, (string)french["title"]!);
        Assert.Equal((string)french["title"]!, (string)(await app.Anonymous.GetFromJsonAsync<JsonNode>($"/api/questionnaires/{token}?lang=fr"))!["title"]!);

        using var german = await app.Anonymous.GetAsync($"/api/questionnaires/{token}?lang=de");
        Assert.Equal(HttpStatusCode.BadRequest, german.StatusCode);
        Assert.Equal("application/problem+json", german.Content.Headers.ContentType!.MediaType);
        Assert.Contains("en or fr", (string)JsonNode.Parse(await german.Content.ReadAsStringAsync())!["errors"]!["lang"]![0]!);
    }

    [Fact]
    public async Task Expired_link_gets_the_same_answer_as_a_wrong_one()
    {
        var procurementId = await app.CreateProcurementAsync();
        var (_, token) = await app.InviteAtAsync(procurementId, "Late Hosting", "late@supplier.example", DateTimeOffset.UtcNow.AddDays(-31));

        using var response = await app.Anonymous.GetAsync($"/api/questionnaires/{token}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(BadLinkTitle, await TitleOf(response));
    }

    [Fact]
    public async Task A_supplier_link_opens_its_own_assessment_and_no_other()
    {
        var (procurementId, firstId, firstToken) = await InvitedAsync("First Hosting");
        var (_, secondToken) = await app.InviteAsync(procurementId, "Second Hosting", "second@supplier.example");
        var second = new Answering(app.Anonymous, secondToken);
        await second.OpenAsync();
        Assert.Equal("Second Hosting", (string)second.Questionnaire["supplierName"]!);

        // Second's secret with First's ids: refused. First's token cannot reach project-manager endpoints either.
        var forged = $"{procurementId}.{firstId}.{secondToken.Split('.')[2]}";
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous.GetAsync($"/api/questionnaires/{forged}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous.GetAsync($"/api/procurements/{procurementId}/assessments/{firstId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await new Answering(app.Anonymous, firstToken).OpenAsync()).StatusCode);
    }

    [Fact]
    public async Task A_project_manager_cannot_read_another_ones_procurement_nor_an_unassigned_expert_its_assessments()
    {
        var (procurementId, assessmentId, _) = await InvitedAsync("Private Hosting");
        Assert.Equal(HttpStatusCode.NotFound, (await app.OtherProjectManager.GetAsync($"/api/procurements/{procurementId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.OtherProjectManager.GetAsync($"/api/procurements/{procurementId}/ranking")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.OtherProjectManager.GetAsync($"/api/procurements/{procurementId}/assessments/{assessmentId}")).StatusCode);
        Assert.DoesNotContain(procurementId, await app.OtherProjectManager.GetStringAsync("/api/procurements"));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Expert.GetAsync($"/api/procurements/{procurementId}/assessments/{assessmentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await app.Expert.GetAsync("/api/procurements")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ProjectManager.GetAsync($"/api/procurements/{procurementId}/assessments/{assessmentId}")).StatusCode);
    }

    [Fact]
    public async Task Oversize_bodies_are_refused_and_nothing_is_saved()
    {
        var (_, _, token) = await InvitedAsync("Verbose Hosting");
        var supplier = new Answering(app.Anonymous, token);
        await supplier.OpenAsync();
        var textId = (string)supplier.Questions.First(q => (string)q["kind"]! == "text")["id"]!;
        using var huge = await supplier.SaveAsync(new Dictionary<string, object> { [textId] = new string('x', 300_000) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);

        var evidenceId = (string)supplier.Questions.First(q => (string)q["kind"]! == "evidence")["id"]!;
        using var bigFile = await supplier.UploadAsync(evidenceId, "scan.pdf", new byte[SupplierAssessment.Functions.Api.QuestionnaireApi.MaxEvidenceBytes + 1024]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, bigFile.StatusCode);
        using var script = await supplier.UploadAsync(evidenceId, "evil.html", Encoding.UTF8.GetBytes("<script>alert(1)</script>"));
        Assert.Equal(HttpStatusCode.BadRequest, script.StatusCode);

        await supplier.OpenAsync();
        Assert.Empty(supplier.Questionnaire["answers"]!.AsObject());
    }

    [Fact]
    public async Task A_step_the_workflow_no_longer_allows_is_a_409_saying_why()
    {
        var (procurementId, assessmentId, token) = await InvitedAsync("Finished Hosting");
        var supplier = new Answering(app.Anonymous, token);
        await supplier.OpenAsync();
        Assert.Equal(HttpStatusCode.OK, (await supplier.SaveAsync(supplier.AnswersFor(2, 1, "Described in our plan."))).StatusCode);
        await supplier.AttachRequiredEvidenceAsync();
        Assert.Equal(HttpStatusCode.Accepted, (await supplier.SubmitAsync()).StatusCode);

        using var resend = await app.ProjectManager.PostAsync($"/api/procurements/{procurementId}/assessments/{assessmentId}/resend", null);
        Assert.Equal(HttpStatusCode.Conflict, resend.StatusCode);
        Assert.Equal("application/problem+json", resend.Content.Headers.ContentType?.MediaType);
        Assert.Contains("already submitted", await TitleOf(resend));
    }

    [Fact]
    public async Task A_malformed_body_is_a_400_naming_the_body()
    {
        var procurementId = await app.CreateProcurementAsync();
        using var response = await app.ProjectManager.PostAsync($"/api/procurements/{procurementId}/invitations",
            new StringContent("{\"supplierName\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonNode>())!["errors"]!.AsObject();
        Assert.Contains("not valid JSON", (string)errors["body"]![0]!);

        using var notJson = await app.ProjectManager.PostAsync($"/api/procurements/{procurementId}/invitations",
            new StringContent("supplierName=Acme", Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notJson.StatusCode);
        Assert.Contains("application/json", (string)(await notJson.Content.ReadFromJsonAsync<JsonNode>())!["detail"]!);
    }

    [Fact]
    public async Task Asking_for_a_language_sets_its_cookie_once_however_many_texts_the_page_shows()
    {
        using var page = await app.Anonymous.GetAsync("/signin?lang=fr");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Single(page.Headers.GetValues("Set-Cookie"), c => c.StartsWith("lang=fr", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Creating_a_procurement_with_bad_fields_names_each_one()
    {
        using var response = await app.ProjectManager.PostAsJsonAsync("/api/procurements", new { name = "", profileId = "nope", baselineLevel = 9, projectManagerEmail = "not-an-email" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonNode>())!["errors"]!.AsObject().Select(e => e.Key).Order().ToArray();
        Assert.Equal(["baselineLevel", "name", "profileId", "projectManagerEmail"], errors);
    }
}
