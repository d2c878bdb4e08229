using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace SupplierAssessment.Functions.Tests;

/// <summary>
/// Malformed input is the caller's fault (issue 13 item 7): every body the API cannot use — duplicate keys, wrong JSON
/// kinds, truncated or deeply nested JSON, bytes that are not UTF-8, multipart bodies with no part or a broken part —
/// is a 4xx problem+json, never a 500, on every operation that reads a body. Nothing is stored by it.
/// </summary>
public class MalformedInputTests(PipelineApp app) : IClassFixture<PipelineApp>
{
    public static TheoryData<string, string> JsonBodies => new()
    {
        { """{"answers":{"POL-01":2,"POL-01":3}}""", "the same answer key twice" },
        { """{"name":"A","name":"B"}""", "the same property twice" },
        { """{"alertLevel":"high","alertLevel":"normal"}""", "the same alert level twice" },
        { "[]", "an array" },
        { "\"text\"", "a string" },
        { "42", "a number" },
        { "null", "null" },
        { "{", "truncated" },
        { """{"answers":[1,2]}""", "answers as an array" },
        { """{"answers":{"POL-01":{"deep":[1]}}}""", "an answer as an object" },
        { """{"name":{"x":1},"supplierName":[],"alertLevel":7,"expertId":true,"ratings":"x"}""", "every field of the wrong kind" },
        { """{"ratings":{"PA01":{"BP":"x","BP":"y"}}}""", "a rating given twice" },
        { """{"cell":"PA01/1.1","cell":"PA01/2.1","rating":"F","percent":1e400}""", "a number beyond a double" },
        { new string('[', 5000) + new string(']', 5000), "nested 5000 deep" },
        { "{\"name\":\"\\uD800\"}", "a lone surrogate" },
        { """{"answers":{"POL-08":"\ud800"}}""", "a lone surrogate in an answer" },
        { """{"answers":{"\ud800":1}}""", "a lone surrogate as a question id" },
        { """{"\ud800":1,"name":"A"}""", "a lone surrogate as a property name" },
        { """{"processArea":"PA01","commonFeature":"1.1","rating":"\ud800","note":"x"}""", "a lone surrogate as a rating" },
        { """{"profile":{"alertLevels":["\ud800"]},"ratings":{}}""", "a lone surrogate as an alert level" },
    };

    /// <summary>A supplier invited to a new procurement, their questionnaire opened (its ETag held): the link's token and the client.</summary>
    private async Task<(string Token, Answering Supplier)> OpenedQuestionnaireAsync(string procurementName, string supplierName)
    {
        var procurementId = await app.CreateProcurementAsync(procurementName);
        var (_, token) = await app.InviteAsync(procurementId, supplierName, $"{Guid.NewGuid():N}@supplier.example");
        var supplier = new Answering(app.Anonymous, token);
        (await supplier.OpenAsync()).Dispose();
        return (token, supplier);
    }

    [Fact]
    public async Task A_save_with_If_Match_star_is_a_428_asking_for_the_loaded_version_and_changes_nothing()
    {
        var (token, supplier) = await OpenedQuestionnaireAsync("If-Match star", "Star Hosting");
        using (var refused = await supplier.SaveAsync(new Dictionary<string, object> { ["POL-08"] = "Blind overwrite" }, etag: "*"))
        {
            Assert.Equal((HttpStatusCode)428, refused.StatusCode);
            Assert.Contains("If-Match: * is not accepted", await refused.Content.ReadAsStringAsync());
        }
        var answers = (await app.Anonymous.GetFromJsonAsync<JsonNode>($"/api/questionnaires/{Uri.EscapeDataString(token)}"))!["answers"]!;
        Assert.Null(answers["POL-08"]);
    }

    [Fact]
    public async Task A_text_answer_with_control_characters_is_a_400_naming_the_question_and_the_saved_answer_stays()
    {
        var (token, supplier) = await OpenedQuestionnaireAsync("Control characters", "Escape Hosting");
        using (var saved = await supplier.SaveAsync(new Dictionary<string, object> { ["POL-08"] = "Our policy, reviewed yearly." }))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }
        using (var refused = await supplier.SaveAsync(new Dictionary<string, object> { ["POL-08"] = "a\u0000b\u001b[31mred\u202e" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problem = await refused.Content.ReadFromJsonAsync<JsonNode>();
            Assert.Contains("control characters", (string)problem!["errors"]!["POL-08"]![0]!);
        }
        var answers = (await app.Anonymous.GetFromJsonAsync<JsonNode>($"/api/questionnaires/{Uri.EscapeDataString(token)}"))!["answers"]!;
        Assert.Equal("Our policy, reviewed yearly.", (string)answers["POL-08"]!);
    }

    [Theory]
    [MemberData(nameof(JsonBodies))]
    public async Task A_malformed_JSON_body_is_a_4xx_problem_on_every_operation_that_reads_one(string body, string what)
    {
        var (procurementId, assessmentId, token) = await InvitedAsync();
        var expert = PipelineApp.Client(app.BaseAddress, PipelineApp.ExpertKey);
        var t = Uri.EscapeDataString(token);
        var calls = new (HttpClient Client, HttpMethod Method, string Path)[]
        {
            (app.ProjectManager, HttpMethod.Post, "/api/procurements"),
            (app.ProjectManager, HttpMethod.Put, $"/api/procurements/{procurementId}/alert-level"),
            (app.ProjectManager, HttpMethod.Post, $"/api/procurements/{procurementId}/invitations"),
            (app.ProjectManager, HttpMethod.Put, $"/api/procurements/{procurementId}/assessments/{assessmentId}/reviewer"),
            (expert, HttpMethod.Put, $"/api/procurements/{procurementId}/assessments/{assessmentId}/overrides"),
            (app.Anonymous, HttpMethod.Patch, $"/api/questionnaires/{t}/answers"),
            (app.Anonymous, HttpMethod.Post, "/api/gap"),
        };
        var etag = (await app.Anonymous.GetAsync($"/api/questionnaires/{t}")).Headers.ETag;

        foreach (var (client, method, path) in calls)
        {
            using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (method == HttpMethod.Patch)
            {
                request.Headers.IfMatch.Add(etag!);
            }
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            Assert.True(status is >= 400 and < 500, $"{what} → {method} {path}: {status} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        var questionnaire = await app.Anonymous.GetFromJsonAsync<JsonNode>($"/api/questionnaires/{t}");
        Assert.Empty(questionnaire!["answers"]!.AsObject());
        var procurement = await app.ProjectManager.GetFromJsonAsync<JsonNode>($"/api/procurements/{procurementId}");
        Assert.Single(procurement!["assessments"]!.AsArray());
        Assert.Equal("normal", (string)procurement["activeAlertLevel"]!);
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF8_are_a_400_naming_the_body_on_typed_and_untyped_bodies()
    {
        var (_, _, token) = await InvitedAsync();
        var t = Uri.EscapeDataString(token);
        var etag = (await app.Anonymous.GetAsync($"/api/questionnaires/{t}")).Headers.ETag;
        static ByteArrayContent Json(string before, byte[] bad, string after)
        {
            var content = new ByteArrayContent([.. Encoding.UTF8.GetBytes(before), .. bad, .. Encoding.UTF8.GetBytes(after)]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return content;
        }

        using var procurement = await app.ProjectManager.PostAsync("/api/procurements", Json("{\"name\":\"a", [0xFF], "b\"}"));
        using var answer = await app.Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Patch, $"/api/questionnaires/{t}/answers")
        {
            Content = Json("{\"answers\":{\"POL-08\":\"a", [0xED, 0xA0, 0x80], "b\"}}"), Headers = { IfMatch = { etag! } },
        });
        using var gap = await app.Anonymous.PostAsync("/api/gap", Json("{\"profile\":{\"alertLevels\":[\"", [0xFF], "\"]},\"ratings\":{}}"));

        foreach (var response in new[] { procurement, answer, gap })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.Contains("not valid Unicode", await answer.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("text/plain", "name=Portal")]
    [InlineData("application/json", "{\"name\":\"Portal\"}")]
    public async Task A_page_form_posted_as_another_content_type_is_the_form_could_not_be_read_page_not_a_500(string type, string body)
    {
        using var pm = PipelineApp.Client(app.BaseAddress, PipelineApp.PmKey);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/procurements/new") { Content = new StringContent(body, Encoding.UTF8, type) };
        request.Headers.Accept.ParseAdd("text/html");
        request.Headers.Add("Sec-Fetch-Site", "same-origin");
        using var response = await pm.SendAsync(request);
        Assert.True((int)response.StatusCode is 400 or 415, $"{(int)response.StatusCode}");
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_api_upload_over_10_MiB_sent_without_waiting_for_100_continue_is_a_413_problem_not_an_empty_502()
    {
        var (_, _, token) = await InvitedAsync();
        using var content = new MultipartFormDataContent { { new ByteArrayContent(new byte[12 * 1024 * 1024]), "file", "big.pdf" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/questionnaires/{Uri.EscapeDataString(token)}/evidence/POL-09") { Content = content };
        request.Headers.ExpectContinue = false; // as curl -H 'Expect:' and most scripts: the whole body goes at once

        using var response = await app.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("larger than the 10 MB accepted", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("file")]
    [InlineData("other")]
    public async Task An_upload_with_two_file_parts_is_refused_and_attaches_nothing(string secondPart)
    {
        var (_, _, token) = await InvitedAsync();
        var t = Uri.EscapeDataString(token);
        using var content = new MultipartFormDataContent
        {
            { new ByteArrayContent("one"u8.ToArray()), "file", "one.txt" },
            { new ByteArrayContent("two"u8.ToArray()), secondPart, "two.txt" },
        };
        using var response = await app.Anonymous.PostAsync($"/api/questionnaires/{t}/evidence/POL-09", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("one file per request", await response.Content.ReadAsStringAsync());
        Assert.Empty((await app.Anonymous.GetFromJsonAsync<JsonNode>($"/api/questionnaires/{t}"))!["answers"]!.AsObject());
    }

    [Fact]
    public async Task An_evidence_file_name_over_200_characters_is_refused_with_a_message_about_its_length()
    {
        var (_, _, token) = await InvitedAsync();
        using var content = new MultipartFormDataContent { { new ByteArrayContent("x"u8.ToArray()), "file", new string('a', 197) + ".txt" } };
        using var response = await app.Anonymous.PostAsync($"/api/questionnaires/{Uri.EscapeDataString(token)}/evidence/POL-09", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The file's name is 201 characters long; rename it to at most 200.", await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string> MultipartBodies => new()
    {
        { "--b--\r\n", "a boundary and no part" },
        { "--b\r\n\r\ncontent\r\n--b--\r\n", "a part without headers" },
        { "--b\r\nContent-Disposition form-data name=\"file\"\r\n\r\nx\r\n--b--\r\n", "a part header without a colon" },
        { "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF", "no closing boundary" },
        { "", "an empty body" },
        { "not multipart at all", "no boundary line" },
    };

    [Theory]
    [MemberData(nameof(MultipartBodies))]
    public async Task A_malformed_multipart_upload_is_a_400_and_attaches_nothing(string body, string what)
    {
        var (_, _, token) = await InvitedAsync();
        var t = Uri.EscapeDataString(token);
        var questionnaire = await app.Anonymous.GetFromJsonAsync<JsonNode>($"/api/questionnaires/{t}");
        var evidenceQuestion = (string)questionnaire!["topics"]!.AsArray().SelectMany(topic => topic!["questions"]!.AsArray())
            .First(q => (string?)q!["kind"] == "evidence")!["id"]!;
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=b");

        using var response = await app.Anonymous.PostAsync($"/api/questionnaires/{t}/evidence/{evidenceQuestion}", content);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var after = await app.Anonymous.GetFromJsonAsync<JsonNode>($"/api/questionnaires/{t}");
        Assert.Empty(after!["answers"]!.AsObject());
    }

    private async Task<(string ProcurementId, string AssessmentId, string Token)> InvitedAsync()
    {
        var procurementId = await app.CreateProcurementAsync();
        var (assessmentId, token) = await app.InviteAsync(procurementId, "Malformed Hosting", $"{Guid.NewGuid():N}@supplier.example");
        return (procurementId, assessmentId, token);
    }
}
