using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.Azure.Functions.Worker;
using SupplierAssessment.Functions.Hosting;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Functions.Tests;

/// <summary>
/// The deployable folder, built by the documented command (scripts/publish.sh), is the standard output of an isolated
/// worker and holds what the Functions host on Flex Consumption (dotnet-isolated 10.0) needs: host.json without the
/// custom handler or an extension bundle, worker.config.json naming the worker, functions.metadata listing every
/// [Function] with the triggers the infrastructure is set up for, and app.zip of it all.
/// </summary>
public class PublishTests(PublishTests.Published published) : IClassFixture<PublishTests.Published>
{
    private const string WorkerDll = "SupplierAssessment.Functions.dll";

    [Fact]
    public void Host_json_serves_routes_from_the_root_with_the_queue_semantics_and_no_custom_handler_or_bundle()
    {
        var host = published.Json("host.json");
        Assert.Equal("2.0", (string?)host["version"]);
        Assert.Equal("", (string?)host["extensions"]!["http"]!["routePrefix"]);
        Assert.Null(host["customHandler"]);
        // An isolated worker brings its extensions in .azurefunctions/; a bundle in host.json makes the host load no function.
        Assert.Null(host["extensionBundle"]);

        var queues = host["extensions"]!["queues"]!;
        Assert.Equal("base64", (string?)queues["messageEncoding"]);
        Assert.Equal(5, (int)queues["maxDequeueCount"]!);
        Assert.Equal(TimeSpan.FromSeconds(30), TimeSpan.Parse((string)queues["visibilityTimeout"]!));
    }

    [Fact]
    public void Worker_config_names_the_dotnet_isolated_worker_and_the_worker_is_framework_dependent()
    {
        var worker = published.Json("worker.config.json")["description"]!;
        Assert.Equal("dotnet-isolated", (string?)worker["language"]);
        Assert.Equal(WorkerDll, (string?)worker["defaultWorkerPath"]);
        Assert.True(File.Exists(published.PathOf(WorkerDll)), $"{WorkerDll} is published");
        Assert.True(Directory.Exists(published.PathOf(".azurefunctions")), "the worker's binding extensions (.azurefunctions/) are published");

        // Flex Consumption provides the .NET runtime: a framework-dependent app names its frameworks, a self-contained one includes them.
        var runtime = published.Json("SupplierAssessment.Functions.runtimeconfig.json")["runtimeOptions"]!;
        Assert.Null(runtime["includedFrameworks"]);
        Assert.Equal("net10.0", (string?)runtime["tfm"]);
        Assert.False(File.Exists(published.PathOf("local.settings.json")), "local settings never ship");
    }

    [Fact]
    public void Functions_metadata_lists_every_function_of_the_worker_assembly()
    {
        var names = published.Metadata().Select(f => (string)f["name"]!).Order().ToArray();
        Assert.Equal(DeclaredFunctions().Order(), names);
        Assert.All(published.Metadata(), f => Assert.Equal(WorkerDll, (string?)f["scriptFile"]));
    }

    [Fact]
    public void Stages_listen_on_the_fixed_queues_through_AzureWebJobsStorage_and_the_timer_runs_hourly()
    {
        foreach (var (function, queue) in new[]
        {
            ("ScoreAssessment", "assessment-submitted"),
            ("RenderReport", "report-requested"),
            ("NotifyProjectManager", "report-ready"),
        })
        {
            var trigger = published.Trigger(function);
            Assert.Equal("queueTrigger", (string?)trigger["type"]);
            Assert.Equal(queue, (string?)trigger["queueName"]);
            // The Bicep gives the host AzureWebJobsStorage__* (managed identity) and no other connection.
            Assert.True((string?)trigger["connection"] is null or "AzureWebJobsStorage",
                $"{function} listens through '{trigger["connection"]}', a connection the infrastructure does not set");
        }

        var timer = published.Trigger("Housekeeping");
        Assert.Equal("timerTrigger", (string?)timer["type"]);
        Assert.Equal("0 0 * * * *", (string?)timer["schedule"]);
    }

    [Fact]
    public void Http_functions_are_anonymous_to_the_host_since_the_app_authenticates_users_itself()
    {
        var http = HttpTriggers().ToArray();
        Assert.NotEmpty(http);
        foreach (var (name, trigger) in http)
        {
            Assert.True(string.Equals((string?)trigger["authLevel"], "Anonymous", StringComparison.OrdinalIgnoreCase),
                $"{name} asks the host for a function key ({trigger["authLevel"]}): ADR-002 has every function anonymous");
        }
    }

    [Fact]
    public void No_http_route_takes_the_hosts_reserved_admin_prefix()
    {
        // The real host keeps /admin/… for its admin API and refuses to load a function whose route starts with "admin"
        // ("The specified route conflicts with one or more built in routes"); the local host refuses it too.
        foreach (var (name, trigger) in HttpTriggers())
        {
            var route = ((string?)trigger["route"] ?? name).TrimStart('/');
            Assert.False(route.StartsWith("admin", StringComparison.OrdinalIgnoreCase),
                $"{name} has the route '{route}', which the Functions host in Azure refuses");
        }
    }

    [Fact]
    public void App_zip_holds_the_published_folder_with_host_json_at_its_root()
    {
        using var zip = ZipFile.OpenRead(published.PathOf("app.zip"));
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        foreach (var file in new[] { "host.json", "worker.config.json", "functions.metadata", WorkerDll })
        {
            Assert.Contains(file, entries);
        }
        Assert.Contains(entries, e => e.StartsWith(".azurefunctions/", StringComparison.Ordinal));
        Assert.DoesNotContain("app.zip", entries);
        Assert.DoesNotContain("local.settings.json", entries);
    }

    private IEnumerable<(string Name, JsonNode Trigger)> HttpTriggers() =>
        published.Metadata()
            .Select(f => ((string)f["name"]!, Trigger: Published.TriggerOf(f)))
            .Where(f => (string?)f.Trigger["type"] == "httpTrigger");

    /// <summary>The functions the worker declares: every method with [Function] in the app's assembly.</summary>
    private static IEnumerable<string> DeclaredFunctions() =>
        typeof(AppSettings).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => m.GetCustomAttribute<FunctionAttribute>())
            .OfType<FunctionAttribute>()
            .Select(f => f.Name);

    /// <summary>Runs scripts/publish.sh once for the class into a temporary folder, and deletes it afterwards.</summary>
    public sealed class Published : IDisposable
    {
        private readonly string _output = Path.Combine(Path.GetTempPath(), "publish-" + Guid.NewGuid().ToString("N")[..8]);
        private readonly Lazy<JsonArray> _metadata;

        public Published()
        {
            var root = AzuriteServer.RepoRoot();
            var start = new ProcessStartInfo(Path.Combine(root, "scripts", "publish.sh"))
            {
                WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            start.ArgumentList.Add(_output);
            using var publish = Process.Start(start) ?? throw new InvalidOperationException("could not start scripts/publish.sh");
            var log = publish.StandardOutput.ReadToEndAsync();
            var errors = publish.StandardError.ReadToEndAsync();
            if (!publish.WaitForExit(TimeSpan.FromMinutes(8)))
            {
                publish.Kill(entireProcessTree: true);
                throw new TimeoutException("scripts/publish.sh took more than 8 minutes");
            }
            if (publish.ExitCode != 0)
            {
                throw new InvalidOperationException($"scripts/publish.sh failed ({publish.ExitCode}): {log.GetAwaiter().GetResult()} {errors.GetAwaiter().GetResult()}");
            }
            _metadata = new(() => Json("functions.metadata").AsArray());
        }

        public string PathOf(string relative) => Path.Combine(_output, relative);

        public JsonNode Json(string relative) => JsonNode.Parse(File.ReadAllText(PathOf(relative)))!;

        public IEnumerable<JsonNode> Metadata() => _metadata.Value.Select(f => f!);

        public JsonNode Trigger(string function)
        {
            var matches = Metadata().Where(f => (string?)f["name"] == function).ToArray();
            Assert.True(matches.Length == 1, $"functions.metadata lists {matches.Length} functions named {function}");
            return TriggerOf(matches[0]);
        }

        public static JsonNode TriggerOf(JsonNode function) =>
            function["bindings"]!.AsArray().Single(b => ((string?)b!["type"])?.EndsWith("Trigger", StringComparison.Ordinal) == true)!;

        public void Dispose()
        {
            if (Directory.Exists(_output))
            {
                Directory.Delete(_output, recursive: true);
            }
        }
    }
}
