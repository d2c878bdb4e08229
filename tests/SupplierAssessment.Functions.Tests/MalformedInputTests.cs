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
    };

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
    public async Task Bytes_that_are_not_UTF8_are_a_400_naming_the_body()
    {
        using var content = new ByteArrayContent([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var procurement = await app.ProjectManager.PostAsync("/api/procurements", content);
        Assert.Equal(HttpStatusCode.BadRequest, procurement.StatusCode);
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
