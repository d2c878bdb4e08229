using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using SupplierAssessment.Functions.Functions;
using SupplierAssessment.Functions.Stages;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Functions.Tests;

/// <summary>One list of functions: every endpoint and handler has its function.json, every function.json its endpoint.</summary>
public class FunctionCatalogTests(RunningApp app) : IClassFixture<RunningApp>
{
    private IEnumerable<RouteEndpoint> NamedEndpoints => app.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>().Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>() is not null);

    private IEnumerable<string> RoutePatterns => app.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>().Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'));

    [Fact]
    public void Every_page_function_has_its_razor_page()
    {
        foreach (var function in FunctionCatalog.All.Where(f => f.IsPage))
        {
            Assert.True(RoutePatterns.Contains("/" + function.Route), $"page {function.Name} (/{function.Route}) has no Razor page among {string.Join(" ", RoutePatterns)}");
        }
    }

    [Fact]
    public void Every_http_function_has_its_endpoint_with_the_same_route_and_methods()
    {
        foreach (var function in FunctionCatalog.All.Where(f => f.Trigger == TriggerKind.Http && !f.IsPage))
        {
            var endpoint = NamedEndpoints.SingleOrDefault(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName == function.Name);
            Assert.True(endpoint is not null, $"{function.Name} has no endpoint");
            Assert.Equal("/" + function.Route, endpoint.RoutePattern.RawText);
            Assert.Equal(function.Methods!.Order(), endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Order());
        }
    }

    [Fact]
    public void Every_api_endpoint_is_a_function_so_the_host_routes_it()
    {
        var routes = FunctionCatalog.All.Where(f => f.Trigger == TriggerKind.Http).Select(f => "/" + f.Route).ToHashSet();
        var unlisted = RoutePatterns
            .Where(r => !routes.Contains(r) && !FunctionCatalog.All.Any(f => f.Trigger != TriggerKind.Http && r == "/" + f.Name))
            .ToArray();
        Assert.Empty(unlisted);
    }

    [Fact]
    public void Every_queue_and_timer_function_has_a_handler_and_an_invocation_endpoint()
    {
        var handlers = app.Services.GetServices<IStageHandler>().Select(h => h.FunctionName).Order().ToArray();
        Assert.Equal(FunctionCatalog.All.Where(f => f.Trigger != TriggerKind.Http).Select(f => f.Name).Order(), handlers);
        var invocationRoutes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Select(e => e.RoutePattern.RawText).ToHashSet();
        Assert.All(handlers, name => Assert.Contains("/" + name, invocationRoutes));
    }

    [Fact]
    public void Function_folders_are_written_from_the_list()
    {
        var root = Path.Combine(Path.GetTempPath(), "functions-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            FunctionCatalog.WriteFunctionFolders(root);
            Assert.Equal(FunctionCatalog.All.Select(f => f.Name).Order(), Directory.GetDirectories(root).Select(Path.GetFileName).Order());
            var gap = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "Gap", "function.json")))!;
            Assert.Equal("httpTrigger", (string)gap["bindings"]![0]!["type"]!);
            Assert.Equal("api/gap", (string)gap["bindings"]![0]!["route"]!);
            Assert.Equal("http", (string)gap["bindings"]![1]!["type"]!);
            var score = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "ScoreAssessment", "function.json")))!;
            Assert.Equal("queueTrigger", (string)score["bindings"]![0]!["type"]!);
            Assert.Equal("assessment-submitted", (string)score["bindings"]![0]!["queueName"]!);
            Assert.Equal("message", (string)score["bindings"]![0]!["name"]!);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Host_json_proxies_http_with_no_route_prefix_and_reads_base64_queue_messages()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(AzuriteServer.RepoRoot(), "host.json")))!;
        Assert.True((bool)host["customHandler"]!["enableProxyingHttpRequest"]!);
        Assert.Equal("", (string)host["extensions"]!["http"]!["routePrefix"]!);
        Assert.Equal(5, (int)host["extensions"]!["queues"]!["maxDequeueCount"]!);
        Assert.Equal("base64", (string)host["extensions"]!["queues"]!["messageEncoding"]!);
    }
}
