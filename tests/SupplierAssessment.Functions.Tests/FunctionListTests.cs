using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Functions.Hosting;
using SupplierAssessment.Functions.Stages;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Functions.Tests;

/// <summary>
/// The <c>[Function]</c> methods are the one list of functions: the local host loads exactly them from the worker's
/// metadata and routes their HTTP triggers; the app's catch-all function answers every other address.
/// </summary>
public class FunctionListTests(RunningApp app) : IClassFixture<RunningApp>
{
    private static readonly MethodInfo[] FunctionMethods = typeof(AppServices).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
        .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null)
        .ToArray();

    private static HttpTriggerAttribute? HttpTriggerOf(MethodInfo method) =>
        method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null);

    [Fact]
    public void The_host_loads_exactly_the_workers_functions()
    {
        Assert.Equal(FunctionMethods.Select(m => m.GetCustomAttribute<FunctionAttribute>()!.Name).Order(), app.Host.Functions.Select(f => f.Name).Order());
    }

    [Fact]
    public void Every_http_function_is_routed_with_its_attributes_route_and_methods()
    {
        foreach (var method in FunctionMethods.Where(m => HttpTriggerOf(m) is not null))
        {
            var trigger = HttpTriggerOf(method)!;
            var loaded = app.Host.Functions.Single(f => f.Name == method.GetCustomAttribute<FunctionAttribute>()!.Name);
            Assert.Equal(trigger.Route ?? loaded.Name, loaded.Route);
            Assert.Equal(trigger.Methods!.Select(m => m.ToUpperInvariant()).Order(), loaded.Methods.Order());
        }
    }

    [Fact]
    public void The_stage_functions_listen_on_the_stage_queues_and_housekeeping_runs_hourly()
    {
        Assert.Equal(StageQueues.All.Order(), app.Host.Functions.Where(f => f.QueueName is not null).Select(f => f.QueueName!).Order());
        Assert.Equal("0 0 * * * *", app.Host.Functions.Single(f => f.Name == "Housekeeping").Schedule);
    }

    [Theory]
    [InlineData("/no/such/page")]
    [InlineData("/api/no-such-endpoint")]
    [InlineData("/procurements/p1/assessments/a1/reports/not-a-number")]
    public async Task A_url_that_is_no_function_gets_the_sites_404_page_in_a_browser_a_404_problem_otherwise_and_the_app_keeps_serving(string url)
    {
        using var browser = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { { "Accept", "text/html" } } };
        using var page = await app.Client.SendAsync(browser);
        using var response = await app.Client.GetAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        if (url.StartsWith("/api/", StringComparison.Ordinal))
        {
            Assert.Equal("application/problem+json", page.Content.Headers.ContentType?.MediaType); // the API never answers a page
        }
        else
        {
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            var html = await page.Content.ReadAsStringAsync();
            Assert.Contains("No page is at this address.", html); // the site's own 404 page, in its layout
            Assert.Contains("/static/site.css", html);
        }
        using var home = await app.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Theory]
    [InlineData("/ScoreAssessment")]
    [InlineData("/RenderReport")]
    [InlineData("/NotifyProjectManager")]
    [InlineData("/Housekeeping")]
    public async Task No_stage_can_be_run_over_the_apps_http(string path)
    {
        // The custom handler took its queue invocations as POST /{function}: the worker has no such door.
        using var response = await app.Client.PostAsync(path, new StringContent("""{"procurementId":"p","assessmentId":"a","version":2,"verified":true}"""));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void Host_json_has_no_route_prefix_and_the_queue_semantics_of_the_pipeline()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(AzuriteServer.RepoRoot(), "functions", "host.json")))!;
        Assert.Null(host["customHandler"]);
        Assert.Equal("", (string)host["extensions"]!["http"]!["routePrefix"]!);
        Assert.Equal(5, (int)host["extensions"]!["queues"]!["maxDequeueCount"]!);
        Assert.Equal("00:00:30", (string)host["extensions"]!["queues"]!["visibilityTimeout"]!);
        Assert.Equal("base64", (string)host["extensions"]!["queues"]!["messageEncoding"]!);
    }
}
