using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace SupplierAssessment.Functions.Tests;

/// <summary>/openapi/v1.json documents every API endpoint with the errors it answers.</summary>
public class OpenApiTests(RunningApp app) : IClassFixture<RunningApp>
{
    private async Task<JsonObject> PathsAsync() =>
        (await app.Client.GetFromJsonAsync<JsonNode>("/openapi/v1.json"))!["paths"]!.AsObject();

    [Fact]
    public async Task Every_api_endpoint_is_documented_with_at_least_one_error_response()
    {
        var paths = await PathsAsync();
        var apiFunctions = app.Host.Functions.Where(f => f.IsHttp && f.Route!.StartsWith("api/", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(apiFunctions);
        foreach (var function in apiFunctions)
        {
            var route = System.Text.RegularExpressions.Regex.Replace(function.Route!, @"\{(\w+):[^}]+\}", "{$1}");
            var path = paths["/" + route];
            Assert.True(path is not null, $"{function.Name}: /{route} is not in the OpenAPI document");
            foreach (var method in function.Methods)
            {
                var operation = path[method.ToLowerInvariant()];
                Assert.True(operation is not null, $"{function.Name}: {method} /{route} is not documented");
                var statuses = operation["responses"]!.AsObject().Select(r => r.Key).ToArray();
                Assert.True(statuses.Any(s => s.StartsWith('4')), $"{function.Name} documents no error response ({string.Join(", ", statuses)})");
            }
        }
    }

    [Fact]
    public async Task Saving_answers_documents_its_body_and_the_If_Match_it_requires()
    {
        // Found by a fresh user: a supplier's integrator could not learn the body or the header from the document.
        var operation = (await PathsAsync())["/api/questionnaires/{token}/answers"]!["patch"]!;
        var schema = operation["requestBody"]!["content"]!["application/json"]!["schema"]!;
        Assert.NotNull(schema["properties"]!["answers"]);
        var ifMatch = Assert.Single(operation["parameters"]!.AsArray(), p => (string)p!["name"]! == "If-Match")!;
        Assert.Equal("header", (string)ifMatch["in"]!);
        Assert.True((bool)ifMatch["required"]!);
        // Targets take If-Match when given (412 on a stale one) but do not require it (no 428).
        var targets = (await PathsAsync())["/api/procurements/{procurementId}/targets"]!["put"]!;
        Assert.False((bool)Assert.Single(targets["parameters"]!.AsArray(), p => (string)p!["name"]! == "If-Match")!["required"]!);
        // The procurement's due date and alert level read it too (fresh user's trial: documented, then ignored)...
        foreach (var (path, verb) in new[] { ("/api/procurements/{procurementId}/answers-due", "put"), ("/api/procurements/{procurementId}/alert-level", "put") })
        {
            Assert.False((bool)Assert.Single((await PathsAsync())[path]![verb]!["parameters"]!.AsArray(), p => (string)p!["name"]! == "If-Match")!["required"]!);
        }
        // ...and an operation whose 412 only means "changed at the same moment" does not claim to.
        var resend = (await PathsAsync())["/api/procurements/{procurementId}/assessments/{assessmentId}/resend"]!["post"]!;
        Assert.DoesNotContain(resend["parameters"]!.AsArray(), p => (string)p!["name"]! == "If-Match");
    }

    [Fact]
    public async Task The_downloads_query_parameters_are_documented_with_the_values_they_take()
    {
        // Found by a fresh user: nothing told a script how to get CSV, XLSX or PDF.
        var paths = await PathsAsync();
        foreach (var (path, formats) in new[]
        {
            ("/api/procurements/{procurementId}/assessments/{assessmentId}/reports/{version}", new[] { "json", "html", "pdf", "csv" }),
            ("/api/procurements/{procurementId}/comparison", new[] { "json", "csv", "xlsx" }),
        })
        {
            var parameters = paths[path]!["get"]!["parameters"]!.AsArray();
            var format = Assert.Single(parameters, p => (string)p!["name"]! == "format")!;
            Assert.Equal("query", (string)format["in"]!);
            Assert.Equal(formats, format["schema"]!["enum"]!.AsArray().Select(v => (string)v!));
            Assert.Equal(["en", "fr"], Assert.Single(parameters, p => (string)p!["name"]! == "lang")!["schema"]!["enum"]!.AsArray().Select(v => (string)v!));
        }
        // The spreadsheets have no JSON schema; the JSON has its own.
        var content = paths["/api/procurements/{procurementId}/comparison"]!["get"]!["responses"]!["200"]!["content"]!;
        Assert.NotNull(content["application/json"]!["schema"]);
        Assert.Null(content["text/csv"]!["schema"]);
    }

    [Fact]
    public async Task The_document_says_how_to_send_the_key_and_which_operations_need_it()
    {
        // Found by a fresh user: nothing in the document said "Authorization: Bearer".
        var document = (await app.Client.GetFromJsonAsync<JsonNode>("/openapi/v1.json"))!;
        var scheme = Assert.Single(document["components"]!["securitySchemes"]!.AsObject());
        Assert.Equal(("http", "bearer"), ((string)scheme.Value!["type"]!, (string)scheme.Value["scheme"]!));
        var paths = document["paths"]!.AsObject();
        Assert.Equal(scheme.Key, paths["/api/procurements"]!["post"]!["security"]![0]!.AsObject().Single().Key);
        Assert.Null(paths["/api/questionnaires/{token}"]!["get"]!["security"]); // the link is the key
    }

    [Theory]
    [InlineData("/api/gap", "post", new[] { "200", "400", "413", "415" })]
    [InlineData("/api/procurements/{procurementId}/comparison", "get", new[] { "200", "400", "401", "403", "404", "429" })]
    [InlineData("/api/questionnaires/{token}", "get", new[] { "200", "400", "404", "429" })]
    [InlineData("/api/questionnaires/{token}/answers", "patch", new[] { "400", "404", "409", "412", "413", "415", "428" })]
    [InlineData("/api/questionnaires/{token}/submit", "post", new[] { "400", "404", "409", "412", "428" })]
    [InlineData("/api/procurements", "post", new[] { "201", "400", "401", "403", "413", "429" })]
    [InlineData("/api/procurements/{procurementId}/assessments/{assessmentId}/overrides", "put", new[] { "400", "401", "403", "404", "409", "412" })]
    public async Task Key_endpoints_document_the_answers_a_client_must_handle(string path, string method, string[] statuses)
    {
        var responses = (await PathsAsync())[path]![method]!["responses"]!.AsObject().Select(r => r.Key).ToHashSet();
        Assert.All(statuses, s => Assert.Contains(s, responses));
    }
}
