using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Functions.Tests;

/// <summary>
/// Issue #12 item 9: a browser on a page gets its 400, 403, 404 and 500 as a page in the site's layout and language;
/// the API (and any caller not asking for HTML) keeps problem+json. Item 5: a malformed body is a 400 naming what is wrong.
/// </summary>
public class ErrorPagesTests(PipelineApp app) : IClassFixture<PipelineApp>
{
    private static HttpRequestMessage FromBrowser(HttpMethod method, string url, string language = "en", HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        request.Headers.AcceptLanguage.ParseAdd(language);
        return request;
    }

    /// <summary>A page of the site: its layout (the skip link, the icon) and the heading, status and language asserted.</summary>
    private static async Task<string> PageOf(HttpResponseMessage response, HttpStatusCode status, string language, string heading)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains($"<html lang=\"{language}\">", html);
        Assert.Contains("<link rel=\"icon\" href=\"/static/favicon.svg\"", html);
        Assert.Contains("class=\"skip\"", html);
        Assert.Contains($"<h1>{heading}</h1>", html);
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("style=", html);
        return html;
    }

    private static async Task<JsonNode> ProblemOf(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    [Theory]
    [InlineData("pm", "/procurements/no-such-procurement", "en", "Page not found")]
    [InlineData("pm", "/procurements/no-such-procurement/assessments/none/reports/1", "fr", "Page introuvable")]
    [InlineData("admin", "/manage/profiles/no-such-profile/edit", "en", "Profile not found")]
    [InlineData("anonymous", "/q/no-such-token", "fr", "Ce lien vers le questionnaire n'est pas valide.")]
    public async Task A_page_whose_thing_does_not_exist_is_the_404_page_in_the_layout(string who, string url, string language, string heading)
    {
        using var admin = PipelineApp.Client(app.BaseAddress, PipelineApp.AdminKey);
        var client = who switch { "pm" => app.ProjectManager, "admin" => admin, _ => app.Anonymous };
        using var response = await client.SendAsync(FromBrowser(HttpMethod.Get, url, language));
        var html = await PageOf(response, HttpStatusCode.NotFound, language, heading);
        Assert.Matches("<p><a href=\"/[a-z]*\">", html); // the way on: the user's start page
    }

    [Fact]
    public async Task A_signed_in_user_without_the_role_gets_the_403_page_and_the_api_its_problem()
    {
        using var page = await app.Expert.SendAsync(FromBrowser(HttpMethod.Get, "/procurements", "fr"));
        var html = await PageOf(page, HttpStatusCode.Forbidden, "fr", "Accès refusé");
        Assert.Contains("votre rôle ne donne pas accès à cette page", html);

        using var api = await app.Expert.SendAsync(FromBrowser(HttpMethod.Get, "/api/procurements"));
        Assert.Equal("Your role does not allow this.", (string)(await ProblemOf(api, HttpStatusCode.Forbidden))["title"]!);
        using var script = await app.Expert.GetAsync("/procurements");
        await ProblemOf(script, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_form_without_its_anti_forgery_token_gets_a_page_saying_it_expired_with_a_link_back()
    {
        var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Expired form" });
        using var page = await app.ProjectManager.SendAsync(FromBrowser(HttpMethod.Post, "/procurements/new", "en", form));
        var html = await PageOf(page, HttpStatusCode.BadRequest, "en", "This form has expired");
        Assert.Contains("<a href=\"/procurements/new\">Back to the page</a>", html);

        using var script = await app.ProjectManager.PostAsync("/procurements/new", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "x" }));
        Assert.Contains("This form has expired", (string)(await ProblemOf(script, HttpStatusCode.BadRequest))["title"]!);
    }

    [Fact]
    public async Task A_page_that_fails_gets_the_500_page_and_the_api_keeps_problem_json()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var broken = PipelineApp.OnOwnAzurite(azurite);
        await broken.InitializeAsync();
        await azurite.StopAsync(); // storage is gone: every read throws, nothing the page can answer for

        using var page = await broken.ProjectManager.SendAsync(FromBrowser(HttpMethod.Get, "/procurements", "fr"));
        var html = await PageOf(page, HttpStatusCode.InternalServerError, "fr", "Une erreur s'est produite");
        Assert.Contains("rien de ce que vous avez envoyé n'est perdu", html);

        using var api = await broken.ProjectManager.SendAsync(FromBrowser(HttpMethod.Get, "/api/procurements"));
        Assert.Contains("Something went wrong on our side", (string)(await ProblemOf(api, HttpStatusCode.InternalServerError))["title"]!);
    }

    [Fact]
    public async Task The_favicon_is_served_where_browsers_look_and_where_the_layout_names_it()
    {
        foreach (var url in new[] { "/favicon.ico", "/static/favicon.svg" })
        {
            using var icon = await app.Anonymous.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
            Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("<svg", await icon.Content.ReadAsStringAsync());
        }
        using var home = await app.Anonymous.GetAsync("/");
        Assert.Contains("<link rel=\"icon\" href=\"/static/favicon.svg\"", await home.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string, string> MalformedBodies => new()
    {
        // content type, body, what the 400 names
        { "multipart/form-data; boundary=XyZ", "--XyZ\r\nContent-Disposition form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF\r\n--XyZ--\r\n", "Invalid header line" },
        { "multipart/form-data", "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF\r\n--XyZ--\r\n", "boundary" },
        { "multipart/form-data; boundary=XyZ", "--XyZ\r\n", "Content-Disposition" },
        { "multipart/form-data; boundary=XyZ", "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.7 and no closing boundary", "ended before it was complete" },
        { "application/x-www-form-urlencoded", string.Join('&', Enumerable.Range(0, 1100).Select(i => $"f{i}=1")), "value count limit" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task A_malformed_upload_is_a_400_naming_what_is_wrong_and_nothing_is_attached(string contentType, string body, string named)
    {
        var (_, token) = await app.InviteAsync(await app.CreateProcurementAsync(), "Garbled Hosting", $"{Guid.NewGuid():N}@supplier.example");
        var supplier = new Answering(app.Anonymous, token);
        await supplier.OpenAsync();
        var evidenceId = (string)supplier.Questions.First(q => (string)q["kind"]! == "evidence")["id"]!;
        var before = supplier.Questionnaire.ToJsonString();

        using var api = await app.Anonymous.PostAsync($"/api/questionnaires/{token}/evidence/{evidenceId}", Body(contentType, body));
        var problem = await ProblemOf(api, HttpStatusCode.BadRequest);
        Assert.Contains(named, (string)problem["errors"]!["body"]![0]!, StringComparison.OrdinalIgnoreCase);

        using var page = await app.Anonymous.SendAsync(FromBrowser(HttpMethod.Post, $"/q/{token}?handler=upload", "en", Body(contentType, body)));
        var html = await PageOf(page, HttpStatusCode.BadRequest, "en", "The form could not be read");
        Assert.Contains(named, html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"<a href=\"/q/{token}\">Back to the page</a>", html);

        using var pageFromScript = await app.Anonymous.PostAsync($"/q/{token}?handler=upload", Body(contentType, body));
        Assert.Contains(named, (string)(await ProblemOf(pageFromScript, HttpStatusCode.BadRequest))["errors"]!["body"]![0]!, StringComparison.OrdinalIgnoreCase);

        await supplier.OpenAsync();
        Assert.Equal(before, supplier.Questionnaire.ToJsonString());
    }

    private static ByteArrayContent Body(string contentType, string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }
}
