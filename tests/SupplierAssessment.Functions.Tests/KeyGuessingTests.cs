using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Functions.Tests;

/// <summary>
/// Guessing keys and links (issue 13): past 20 wrong keys a minute, a client address is answered 429 with Retry-After.
/// Its own app: the lockout it provokes covers every client of the test (they all come from 127.0.0.1).
/// </summary>
public class KeyGuessingTests(PipelineApp app) : IClassFixture<PipelineApp>
{
    [Fact]
    public async Task Fifty_wrong_keys_in_a_second_are_answered_429_with_Retry_After_and_then_the_right_key_waits_too()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            using var guess = PipelineApp.Client(app.BaseAddress, $"guess-{i:D3}");
            using var response = await guess.GetAsync("/api/procurements");
            return (response.StatusCode, RetryAfter: response.Headers.RetryAfter?.Delta,
                response.Content.Headers.ContentType?.MediaType, Title: (string?)(await response.Content.ReadFromJsonAsync<JsonNode>())?["title"]);
        }));

        Assert.Equal(50, answers.Count(a => a.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests));
        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized) <= 20, "at most 20 wrong keys are checked");
        // A wrong key is told it is not known, not asked to sign in as a caller without one is (fourth trial).
        Assert.All(answers.Where(a => a.StatusCode == HttpStatusCode.Unauthorized), a => Assert.StartsWith("This key is not known", a.Title));
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.True(refused.Count >= 30, $"{refused.Count} answered 429");
        Assert.All(refused, a =>
        {
            Assert.InRange(a.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
            Assert.Equal("application/problem+json", a.MediaType);
            Assert.StartsWith("Too many wrong keys or links from your address.", a.Title);
        });

        using var right = await app.ProjectManager.GetAsync("/api/procurements");
        using var link = await app.Anonymous.GetAsync("/q/not-a-real-link-but-a-guess");
        using var signIn = await app.Anonymous.GetAsync("/signin");
        using var browser = await app.Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/q/another-guess") { Headers = { { "Accept", "text/html" } } });
        Assert.Equal(HttpStatusCode.TooManyRequests, browser.StatusCode); // a browser gets the page, not problem+json
        Assert.Equal("text/html", browser.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Too many wrong keys or links from your address.", await browser.Content.ReadAsStringAsync());
        Assert.NotNull(browser.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode); // no answer tells a guesser which key was right
        Assert.Equal(HttpStatusCode.TooManyRequests, link.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode); // asking for the form checks no key
    }
}

/// <summary>
/// A guesser naming a new address in each request's X-Forwarded-For is still one address: the host puts the connection's
/// own last, as Azure's front end does, and the limit counts that one (issue 13, a fresh-user trial).
/// </summary>
public class ForgedForwardingTests(PipelineApp app) : IClassFixture<PipelineApp>
{
    [Fact]
    public async Task Wrong_keys_each_claiming_another_address_in_X_Forwarded_For_are_refused_429_after_20()
    {
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            using var guess = PipelineApp.Client(app.BaseAddress, $"forged-{i:D3}");
            guess.DefaultRequestHeaders.Add("X-Forwarded-For", $"10.1.{i / 200}.{i % 200 + 1}");
            using var response = await guess.GetAsync("/api/procurements");
            answers.Add(response.StatusCode);
        }

        Assert.True(answers.Count(s => s == HttpStatusCode.Unauthorized) <= 20, "at most 20 wrong keys are checked");
        Assert.True(answers.Count(s => s == HttpStatusCode.TooManyRequests) >= 10, $"{answers.Count(s => s == HttpStatusCode.TooManyRequests)} answered 429");
        using var right = PipelineApp.Client(app.BaseAddress, PipelineApp.PmKey);
        right.DefaultRequestHeaders.Add("X-Forwarded-For", "10.7.7.7");
        using var forgedRight = await right.GetAsync("/api/procurements");
        Assert.Equal(HttpStatusCode.TooManyRequests, forgedRight.StatusCode); // the right key from a "new" address waits too
    }
}

/// <summary>Links in logs (issue 13): a supplier's link is their key, and no log line may hold it.</summary>
public class TokenLoggingTests
{
    [Fact]
    public async Task A_500_under_a_supplier_link_logs_the_route_with_the_token_masked_and_no_log_line_holds_a_link()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        await using var app = PipelineApp.OnOwnAzurite(azurite);
        await app.InitializeAsync();
        var procurementId = await app.CreateProcurementAsync();
        var tokens = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            tokens.Add((await app.InviteAsync(procurementId, $"Logged Hosting {i}", $"logged{i}@supplier.example")).Token);
        }
        using (var opened = await app.Anonymous.GetAsync($"/q/{Uri.EscapeDataString(tokens[0])}"))
        {
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        }

        await azurite.StopAsync(); // storage is gone: every supplier link now fails on our side
        var answers = await Task.WhenAll(tokens.SelectMany(token => new[] { $"/api/questionnaires/{Uri.EscapeDataString(token)}", $"/q/{Uri.EscapeDataString(token)}" })
            .Select(async path =>
            {
                using var response = await app.Anonymous.GetAsync(path);
                return response.StatusCode;
            }));

        Assert.All(answers, s => Assert.Equal(HttpStatusCode.InternalServerError, s));
        var lines = app.Log.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("Unhandled error in GetQuestionnaire on GET /api/questionnaires/{token}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("on GET /q/{token}", StringComparison.Ordinal));
        foreach (var token in tokens)
        {
            Assert.DoesNotContain(lines, l => l.Contains(token, StringComparison.Ordinal) || l.Contains(Uri.EscapeDataString(token), StringComparison.Ordinal));
        }
    }
}

/// <summary>
/// Guessing keys on the sign-in page (issue 13; a fresh user's trial found it never limited): from the 21st wrong key in a
/// minute the browser gets the 429 page. Its own app: the lockout covers the whole test address.
/// </summary>
public class SignInGuessingTests(PipelineApp app) : IClassFixture<PipelineApp>
{
    [Fact]
    public async Task Twenty_five_wrong_keys_on_the_sign_in_page_get_twenty_refusals_then_the_429_page()
    {
        using var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = app.BaseAddress,
        };
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var answers = new List<(HttpStatusCode Status, string Html)>();
        for (var i = 0; i < 25; i++)
        {
            var form = await browser.GetStringAsync("/signin");
            var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
            using var posted = await browser.PostAsync("/signin", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["key"] = $"wrong-{i}", ["returnUrl"] = "/home",
            }));
            answers.Add((posted.StatusCode, await posted.Content.ReadAsStringAsync()));
        }

        Assert.All(answers.Take(20), a => Assert.Equal(HttpStatusCode.BadRequest, a.Status)); // "This key is not known."
        Assert.All(answers.Skip(20), a =>
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, a.Status);
            Assert.Contains("Too many wrong keys or links from your address.", a.Html); // the page, not problem+json
        });
    }
}

/// <summary>A browser whose session ended posts a page's form: it is sent to sign in (a fresh user's trial got raw JSON).</summary>
public class SignedOutFormTests(PipelineApp app) : IClassFixture<PipelineApp>
{
    [Fact]
    public async Task A_signed_out_browser_posting_a_page_form_is_sent_to_sign_in_and_nothing_changes()
    {
        using var browser = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = app.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/procurements/new")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Signed-out procurement" }),
            Headers = { { "Accept", "text/html" } },
        };

        using var response = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/signin?returnUrl=%2Fprocurements%2Fnew", response.Headers.Location!.OriginalString);
        Assert.DoesNotContain(await app.ProjectManager.GetFromJsonAsync<JsonArray>("/api/procurements") ?? [], p => (string?)p!["name"] == "Signed-out procurement");
    }
}
