using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SupplierAssessment.Functions.Tests;

public class GapApiTests(RunningApp app) : IClassFixture<RunningApp>
{
    private const string DesignExample = """
    { "profile": { "alertLevels": ["normal", "high"],
                   "targets": { "normal": { "PA01": 2, "PA08": 1 }, "high": { "PA01": 3, "PA08": 3 } },
                   "responsibilities": { "PA08": "expert" } },
      "ratings": { "PA01": { "1.1": "F", "2.1": "L", "2.2": 40, "2.3": "F", "2.4": 90, "3.1": "F" },
                   "PA08": { "1.1": "F" } } }
    """;

    private Task<HttpResponseMessage> Post(string json, string contentType = "application/json") =>
        app.Client.PostAsync("/api/gap", new StringContent(json, Encoding.UTF8, contentType));

    [Fact]
    public async Task Design_example_gets_the_design_answer()
    {
        using var response = await Post(DesignExample);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var achieved = body["achievedLevels"]!.AsObject();
        Assert.Equal(Enumerable.Range(1, 22).Select(n => $"PA{n:00}"), achieved.Select(p => p.Key));
        Assert.Equal(1, (int)achieved["PA01"]!);
        Assert.Equal(1, (int)achieved["PA08"]!);
        Assert.Equal(0, (int)achieved["PA02"]!);

        var variants = body["variants"]!.AsArray();
        Assert.Equal(["normal", "high"], variants.Select(v => (string)v!["alertLevel"]!));

        var normal = variants[0]!;
        Assert.Equal(1, (int)normal["missingPoints"]!);
        Assert.Equal(1, (int)normal["exceedingPoints"]!);
        Assert.Equal("""{"supplier":1,"projectManager":0,"expert":0}""", normal["missingByActor"]!.ToJsonString());
        var normalAreas = normal["processAreas"]!.AsArray();
        Assert.Equal(22, normalAreas.Count);
        Assert.Equal(
            """{"id":"PA01","target":2,"achieved":1,"actor":"supplier","missing":["2.2"],"exceeding":["3.1"]}""",
            normalAreas[0]!.ToJsonString());
        Assert.Equal("PA22", (string)normalAreas[21]!["id"]!);

        var high = variants[1]!;
        Assert.Equal(10, (int)high["missingPoints"]!);
        Assert.Equal(0, (int)high["exceedingPoints"]!);
        Assert.Equal("""{"supplier":3,"projectManager":0,"expert":7}""", high["missingByActor"]!.ToJsonString());
        Assert.Equal("""["2.1","2.2","2.3","2.4","3.1","3.2","3.3"]""", high["processAreas"]![7]!["missing"]!.ToJsonString());
    }

    // DESIGN §2.2 rule 9: "NA" cells are never missing or exceeding points and count as achieved for the level.
    [Fact]
    public async Task NA_cells_are_neither_missing_nor_exceeding_and_do_not_block_the_achieved_level()
    {
        using var response = await Post("""
        { "profile": { "alertLevels": ["normal"], "targets": { "normal": { "PA22": 2, "PA01": 0 } } },
          "ratings": { "PA22": { "1.1": "F", "2.1": "NA", "2.2": "na", "2.3": "F", "2.4": "L", "3.1": "NA" },
                       "PA01": { "1.1": "NA", "2.1": "F" } } }
        """);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(2, (int)body["achievedLevels"]!["PA22"]!); // 3.1 is NA but 3.2 and 3.3 are not covered
        Assert.Equal(1, (int)body["achievedLevels"]!["PA01"]!); // the NA 1.1 counts as achieved; 2.2–2.4 are not covered
        var normal = body["variants"]![0]!;
        Assert.Equal(
            """{"id":"PA22","target":2,"achieved":2,"actor":"projectManager","missing":[],"exceeding":[]}""",
            normal["processAreas"]![21]!.ToJsonString());
        Assert.Equal("""["2.1"]""", normal["processAreas"]![0]!["exceeding"]!.ToJsonString()); // the NA 1.1 is not exceeding
        Assert.Equal(0, (int)normal["missingPoints"]!);
        Assert.Equal(1, (int)normal["exceedingPoints"]!);

        using var refused = await Post("""
        { "profile": { "alertLevels": ["normal"], "targets": { "normal": { "PA22": 2 } } }, "ratings": { "PA22": { "1.1": "N/A" } } }
        """);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal("A rating is N, P, L, F, NA (not applicable) or a percentage from 0 to 100.", (string)problem["errors"]!["ratings.PA22.1.1"]![0]!);
    }

    [Fact]
    public async Task Rating_boundaries_15_50_85_read_as_N_P_L()
    {
        // PA01 with 1.1 at exactly 85 (L, achieved); PA02 with 1.1 at exactly 50 (P, not achieved).
        using var response = await Post("""
            { "profile": { "alertLevels": ["normal"], "targets": { "normal": { "PA01": 1, "PA02": 1, "PA03": 1 } } },
              "ratings": { "PA01": { "1.1": 85 }, "PA02": { "1.1": 50 }, "PA03": { "1.1": 15 } } }
            """);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(1, (int)body["achievedLevels"]!["PA01"]!);
        Assert.Equal(0, (int)body["achievedLevels"]!["PA02"]!);
        Assert.Equal(2, (int)body["variants"]![0]!["missingPoints"]!);
    }

    [Fact]
    public async Task Every_bad_field_is_named_in_one_problem_response()
    {
        using var response = await Post("""
            { "profile": { "alertLevels": ["normal"],
                           "targets": { "normal": { "PA23": 2, "PA01": 6, "PA02": 1.5 }, "severe": { "PA01": 1 } },
                           "responsibilities": { "PA08": "auditor", "PA99": "expert" } },
              "ratings": { "PA01": { "1.1": 101, "2.1": "X", "6.1": "F" }, "PA00": { "1.1": "F" }, "PA02": { "1.1": -1 } } }
            """);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await ProblemErrors(response)).Keys.ToArray();
        Assert.Equal(
            new[]
            {
                "profile.responsibilities.PA08", "profile.responsibilities.PA99",
                "profile.targets.normal.PA01", "profile.targets.normal.PA02", "profile.targets.normal.PA23", "profile.targets.severe",
                "ratings.PA00", "ratings.PA01.1.1", "ratings.PA01.2.1", "ratings.PA01.6.1", "ratings.PA02.1.1",
            },
            errors.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("""{ "ratings": {} }""", "profile", "missing profile")]
    [InlineData("""{ "profile": { "alertLevels": ["normal"] } }""", "ratings", "missing ratings")]
    [InlineData("""{ "profile": { "targets": {} }, "ratings": {} }""", "profile.alertLevels", "missing alert levels")]
    [InlineData("""{ "profile": { "alertLevels": ["normal", "normal"] }, "ratings": {} }""", "profile.alertLevels[1]", "alert level twice")]
    [InlineData("""{ "profile": { "alertLevels": ["normal"] }, "ratings": { "PA01": { "1.1": "Full" } } }""", "ratings.PA01.1.1", "word instead of a letter")]
    [InlineData("""{ "profile": { "alertLevels": ["normal"] }, "ratings": { "PA01": { "1.1": "15" } } }""", "ratings.PA01.1.1", "a number in a string is not a letter")]
    [InlineData("""{ "profile": { "alertLevels": ["normal"], "baselineLevel": 7 }, "ratings": {} }""", "profile.baselineLevel", "baseline out of range")]
    [InlineData("""[1, 2]""", "body", "not an object: the body as a whole is named")]
    public async Task Bad_request_is_a_problem_naming_the_field(string json, string field, string reason)
    {
        using var response = await Post(json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemErrors(response)).ContainsKey(field), reason);
    }

    [Fact]
    public async Task Malformed_json_is_a_problem_not_a_crash()
    {
        using var response = await Post("""{ "profile": { "alertLevels": [""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid JSON", (await ProblemErrors(response))["body"][0]);
    }

    [Fact]
    public async Task Wrong_content_type_is_a_problem()
    {
        using var response = await Post(DesignExample, "text/plain");
        // 415, as every JSON body of the API answers (a fresh-user trial found this one said 400).
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("application/json", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!);
    }

    [Fact]
    public async Task Oversize_body_is_refused_with_413()
    {
        var huge = "{ \"ratings\": {}, \"padding\": \"" + new string('x', 300 * 1024) + "\" }";
        using var response = await Post(huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Home_answers_without_storage_and_health_says_the_queued_work_is_stalled()
    {
        using var home = await app.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("SupplierAssessment", await home.Content.ReadAsStringAsync());
        // The queue listeners cannot reach storage: a probe is told so, naming each queue (issue 13).
        // Each listener finds out on its own poll, so the first 503 may name only some of them: wait for this one.
        JsonNode? body = null;
        for (var i = 0; i < 300; i++)
        {
            using var health = await app.Client.GetAsync("/health");
            if (health.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                body = JsonNode.Parse(await health.Content.ReadAsStringAsync())!;
                if (body["listeners"]!.AsArray().Any(l => (string)l!["queue"]! == "assessment-submitted"))
                {
                    break;
                }
            }
            await Task.Delay(100);
        }
        Assert.NotNull(body);
        Assert.Equal("degraded", (string)body["status"]!);
        Assert.Contains(body["listeners"]!.AsArray(), l => (string)l!["queue"]! == "assessment-submitted" && ((string)l["problem"]!).StartsWith("cannot be read", StringComparison.Ordinal));
    }

    private static async Task<Dictionary<string, string[]>> ProblemErrors(HttpResponseMessage response)
    {
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return problem["errors"].Deserialize<Dictionary<string, string[]>>()!;
    }
}
