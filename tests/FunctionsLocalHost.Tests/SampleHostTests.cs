using Azure.Storage.Queues;
using System.Net;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace FunctionsLocalHost.Tests;

/// <summary>One host running the sample worker, shared by these tests (each uses its own addresses or messages).</summary>
public sealed class SampleHostTests(SampleHost sample) : IClassFixture<SampleHost>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public void The_loaded_functions_are_the_workers_function_methods()
    {
        Assert.Equal(FunctionMethodNames().Order(), sample.Host.Functions.Select(f => f.Name).Order());
        var item = sample.Host.Functions.Single(f => f.Name == "GetItem");
        Assert.Equal(("httpTrigger", "items/{id}"), (item.TriggerType, item.Route));
        Assert.Equal(["GET"], item.Methods);
        var queue = sample.Host.Functions.Single(f => f.Name == "ProcessWork");
        Assert.Equal(("queueTrigger", sample.WorkQueueName, "AzureWebJobsStorage"), (queue.TriggerType, queue.QueueName, queue.Connection));
        var timer = sample.Host.Functions.Single(f => f.Name == "Tick");
        Assert.Equal(("timerTrigger", "*/2 * * * * *"), (timer.TriggerType, timer.Schedule));
        Assert.Contains(timer.RawBindings, b => b.Contains("%SampleTimerSchedule%", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_header_that_is_not_ASCII_is_answered_400_naming_it_and_the_host_serves_on()
    {
        // Sent as raw bytes: .NET's own client refuses such a header, as the host's forwarding client did (502).
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(sample.Http.BaseAddress!.Host, sample.Http.BaseAddress.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes($"GET /items/42 HTTP/1.1\r\nHost: {sample.Http.BaseAddress.Authority}\r\nUser-Agent: caf\u00e9\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var answer = await reader.ReadToEndAsync().WaitAsync(Patience);

        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        Assert.Contains("The request header User-Agent holds a character that is not ASCII", answer, StringComparison.Ordinal);
        Assert.Equal(0, sample.Host.RestartCount);
        Assert.Contains("\"id\":\"42\"", await sample.Http.GetStringAsync("items/42"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Route_values_and_the_query_string_bind()
    {
        var response = await sample.Http.GetStringAsync("items/42?q=hello%20there");

        Assert.Equal("""{"id":"42","q":"hello there"}""", response);
    }

    [Fact]
    public async Task Routes_match_as_ASP_NET_Core_templates_do()
    {
        Assert.Equal("special", await sample.Http.GetStringAsync("ITEMS/Special"));
        Assert.Equal("static:css/site.css", await sample.Http.GetStringAsync("static/css/site.css"));
        Assert.Equal("page 7", await sample.Http.GetStringAsync("items/page/7"));
        Assert.Equal(HttpStatusCode.NotFound, (await sample.Http.GetAsync("items/page/seven")).StatusCode);
    }

    [Fact]
    public async Task Status_codes_headers_and_bodies_pass_through()
    {
        using var page = await sample.Http.GetAsync("items/page/3");
        Assert.Equal((HttpStatusCode)203, page.StatusCode);
        Assert.Equal("page", page.Headers.GetValues("X-Sample").Single());

        using var echo = await sample.Http.PostAsync("echo", new StringContent("""{"hello":"world"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, echo.StatusCode);
        Assert.Equal("""{"hello":"world"}""", await echo.Content.ReadAsStringAsync());
        Assert.Equal("application/json", echo.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_redirect_is_passed_to_the_client_not_followed()
    {
        using var response = await sample.Http.GetAsync("go-away");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/items/elsewhere", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_address_no_function_serves_gets_a_404_page_and_a_wrong_method_no_function()
    {
        using var missing = await sample.Http.GetAsync("no/such/function.css");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var page = await missing.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Page not found</h1>", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/\">", page, StringComparison.Ordinal); // a way back to the app

        using var wrongMethod = await sample.Http.DeleteAsync("echo");
        Assert.Contains(wrongMethod.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.MethodNotAllowed });
    }

    [Fact]
    public async Task A_function_that_throws_gives_a_500_logged_with_its_name_and_the_host_serves_on()
    {
        using var response = await sample.Http.GetAsync("explode");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        await sample.Log.WaitForAsync(e => e.Level == LogLevel.Error && e.Message.StartsWith("Function Explode failed", StringComparison.Ordinal)
            && e.Message.Contains("exploded on purpose", StringComparison.Ordinal), Patience);
        Assert.Equal("special", await sample.Http.GetStringAsync("items/special"));
    }

    [Fact]
    public async Task The_workers_logs_reach_the_host_log_with_their_category_and_level()
    {
        await sample.Http.GetStringAsync("items/logged-7");

        await sample.Log.WaitForAsync(e => e.Category == "FunctionsLocalHost.SampleWorker.SampleFunctions"
            && e.Level == LogLevel.Information && e.Message == "Sample item logged-7 requested", Patience);
    }

    [Fact]
    public async Task A_failing_message_is_retried_then_poisoned_while_the_others_are_processed_and_deleted()
    {
        await sample.WorkQueue.CreateIfNotExistsAsync();

        foreach (var text in new[] { "first", "please fail", "second", "third" })
        {
            await sample.WorkQueue.SendMessageAsync(text);
        }

        var deliveries = await sample.WaitForDeliveriesAsync(d => d.Count(l => l.StartsWith("queue|please fail|", StringComparison.Ordinal)) == 5, Patience);
        Assert.Equal(["1", "2", "3", "4", "5"], deliveries.Where(l => l.StartsWith("queue|please fail|", StringComparison.Ordinal)).Select(l => l.Split('|')[2]));
        Assert.Equal(["queue|first|1", "queue|second|1", "queue|third|1"],
            deliveries.Where(l => l.Split('|') is ["queue", "first" or "second" or "third", _]).Order()); // each once
        var poison = new Azure.Storage.Queues.QueueClient(sample.ConnectionString, sample.WorkQueueName + "-poison");
        static string Text(Azure.Storage.Queues.Models.PeekedMessage m) =>
            m.MessageText is { } t && Convert.TryFromBase64String(t, new byte[t.Length], out _) ? Encoding.UTF8.GetString(Convert.FromBase64String(t)) : m.MessageText;
        var poisoned = await WaitForAsync(async () => (await poison.PeekMessagesAsync(32)).Value, m => m.Any(p => Text(p) == "please fail"));
        var kept = Assert.Single(poisoned, p => Text(p) == "please fail"); // (the poison queue also holds another test's message that is not base64)
        // The warning names the copy an operator finds in the poison queue, not only the original that is gone.
        Assert.Contains(sample.Log.Entries, e => e.Message.Contains($"moved to {poison.Name} as message {kept.MessageId} after 5 deliveries", StringComparison.Ordinal));
        await WaitForAsync(async () => (await sample.WorkQueue.PeekMessagesAsync(10)).Value, m => m.Length == 0);
    }

    [Fact]
    public async Task A_message_whose_function_runs_longer_than_the_lease_is_renewed_not_delivered_twice()
    {
        var slow = new QueueClient(sample.ConnectionString, sample.WorkQueueName + "-slow", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await slow.CreateIfNotExistsAsync();
        await slow.SendMessageAsync("slow-1");

        await sample.WaitForDeliveriesAsync(d => d.Contains("slow|slow-1|1"), TimeSpan.FromSeconds(20));
        await Task.Delay(TimeSpan.FromSeconds(7)); // the 5 s run is over, and a lapsed 3 s lease would have shown again
        // Deleted once its run is over (on a loaded machine the run may end a little later than 5 s after it began).
        await WaitForAsync(async () => (await slow.PeekMessagesAsync(32)).Value, m => m.Length == 0);
        var seen = await sample.WaitForDeliveriesAsync(_ => true, TimeSpan.Zero);
        Assert.Single(seen, d => d.StartsWith("slow|slow-1|", StringComparison.Ordinal));
    }

    [Fact]
    public async Task What_a_function_returns_to_a_queue_output_is_enqueued_base64_and_triggers_the_next_function()
    {
        var relay = new QueueClient(sample.ConnectionString, sample.WorkQueueName + "-relay", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await relay.CreateIfNotExistsAsync();
        await relay.SendMessageAsync("drop");
        await relay.SendMessageAsync("hello");

        var seen = await sample.WaitForDeliveriesAsync(d => d.Contains("relayed|relayed:hello"), TimeSpan.FromSeconds(20));
        Assert.DoesNotContain(seen, d => d.StartsWith("relayed|relayed:drop", StringComparison.Ordinal)); // null: nothing enqueued
        Assert.Single(seen, d => d.StartsWith("relayed|", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_timer_fires_on_its_schedule()
    {
        var deliveries = await sample.WaitForDeliveriesAsync(d => d.Count(l => l == "timer|False") >= 2, TimeSpan.FromSeconds(10));

        Assert.Contains("timer|False", deliveries);
    }

    [Fact]
    public async Task The_admin_endpoint_with_the_master_key_and_InvokeAsync_run_a_function_once()
    {
        using var response = await sample.Http.SendAsync(AdminCall("ProcessWork", """{"input":"from admin"}""", sample.Host.MasterKey));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await sample.Host.InvokeAsync("ProcessWork", "from code");

        var deliveries = await sample.WaitForDeliveriesAsync(d => d.Contains("queue|from admin|1") && d.Contains("queue|from code|1"), Patience);
        var failure = await Assert.ThrowsAsync<WorkerException>(() => sample.Host.InvokeAsync("ProcessWork", "fail from code"));
        Assert.Contains("asked to fail", failure.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await sample.Http.SendAsync(AdminCall("NoSuchFunction", "{}", sample.Host.MasterKey))).StatusCode);
    }

    [Fact]
    public async Task The_admin_endpoint_takes_a_call_without_a_body_as_an_empty_input_and_refuses_a_malformed_one()
    {
        using (var bodiless = new HttpRequestMessage(HttpMethod.Post, "admin/functions/ProcessWork") { Headers = { { "x-functions-key", sample.Host.MasterKey } } })
        {
            using var response = await sample.Http.SendAsync(bodiless);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }
        using (var malformed = await sample.Http.SendAsync(AdminCall("ProcessWork", "{not json", sample.Host.MasterKey)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }
        await sample.WaitForDeliveriesAsync(d => d.Contains("queue||1"), Patience);
    }

    [Fact]
    public async Task The_admin_endpoint_without_the_master_key_runs_nothing()
    {
        foreach (var key in new[] { null, "", "wrong-key", sample.Host.MasterKey[..^1] })
        {
            using var response = await sample.Http.SendAsync(AdminCall("ProcessWork", """{"input":"keyless"}""", key));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
        await sample.Host.InvokeAsync("ProcessWork", "after keyless");
        var deliveries = await sample.WaitForDeliveriesAsync(d => d.Contains("queue|after keyless|1"), Patience);
        Assert.DoesNotContain("queue|keyless|1", deliveries);
    }

    [Fact]
    public async Task A_message_that_is_not_base64_goes_to_poison_with_a_log_line_and_the_others_are_processed()
    {
        await sample.WorkQueue.CreateIfNotExistsAsync();
        var raw = new QueueClient(sample.ConnectionString, sample.WorkQueueName); // no encoding: the text as stored
        await raw.SendMessageAsync("this is not base64 !!");
        await sample.WorkQueue.SendMessageAsync("after the bad one");

        await sample.WaitForDeliveriesAsync(d => d.Contains("queue|after the bad one|1"), Patience);
        var poison = new QueueClient(sample.ConnectionString, sample.WorkQueueName + "-poison");
        var poisoned = await WaitForAsync(async () => (await poison.PeekMessagesAsync(32)).Value, m => m.Any(p => p.MessageText == "this is not base64 !!"));
        Assert.Contains(poisoned, p => p.MessageText == "this is not base64 !!"); // kept as it was, for the operator
        Assert.Contains(sample.Log.Entries, e => e.Message.Contains("is not base64", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_host_status_says_degraded_while_a_queue_is_missing_and_running_again_once_it_is_back()
    {
        foreach (var suffix in new[] { "", "-slow", "-relay", "-relayed" })
        {
            await new QueueClient(sample.ConnectionString, sample.WorkQueueName + suffix).CreateIfNotExistsAsync();
        }
        var running = await WaitForAsync(() => StatusAsync(), s => s.Code == HttpStatusCode.OK);
        Assert.Equal("Running", (string)running.Body["state"]!);

        var relayed = new QueueClient(sample.ConnectionString, sample.WorkQueueName + "-relayed");
        await relayed.DeleteAsync();
        var degraded = await WaitForAsync(() => StatusAsync(), s => s.Code == HttpStatusCode.ServiceUnavailable);
        await relayed.CreateIfNotExistsAsync();
        var recovered = await WaitForAsync(() => StatusAsync(), s => s.Code == HttpStatusCode.OK);

        Assert.Equal("Degraded", (string)degraded.Body["state"]!);
        var listener = degraded.Body["listeners"]!.AsArray().Single(l => (string)l!["function"]! == "Relayed");
        Assert.Equal("does not exist yet", (string)listener!["problem"]!);
        Assert.Equal("Running", (string)recovered.Body["state"]!);
        Assert.Contains(sample.Log.Entries, e => e.Message.Contains($"Queue {sample.WorkQueueName}-relayed of Relayed can be read again (does not exist yet since", StringComparison.Ordinal));
        using var keyless = await sample.Http.GetAsync("admin/host/status");
        Assert.Equal(HttpStatusCode.Unauthorized, keyless.StatusCode);
    }

    private async Task<(HttpStatusCode Code, System.Text.Json.Nodes.JsonNode Body)> StatusAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "admin/host/status") { Headers = { { "x-functions-key", sample.Host.MasterKey } } };
        using var response = await sample.Http.SendAsync(request);
        return (response.StatusCode, System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static HttpRequestMessage AdminCall(string function, string body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"admin/functions/{function}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }
        return request;
    }

    /// <summary>The sample worker's <c>[Function]</c> names, read by reflection in a load context of its own.</summary>
    private static IEnumerable<string> FunctionMethodNames()
    {
        var context = new AssemblyLoadContext("sample-worker", isCollectible: true);
        context.Resolving += (c, name) =>
        {
            var path = Path.Combine(SampleHost.WorkerDirectory, name.Name + ".dll");
            return File.Exists(path) ? c.LoadFromAssemblyPath(path) : null;
        };
        try
        {
            var assembly = context.LoadFromAssemblyPath(Path.Combine(SampleHost.WorkerDirectory, "FunctionsLocalHost.SampleWorker.dll"));
            return assembly.GetTypes().SelectMany(t => t.GetMethods())
                .SelectMany(m => m.GetCustomAttributesData())
                .Where(a => a.AttributeType.Name == "FunctionAttribute")
                .Select(a => (string)a.ConstructorArguments[0].Value!)
                .ToList();
        }
        finally
        {
            context.Unload();
        }
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                Assert.True(done(value), "Still not there: " + JsonSerializer.Serialize(value));
                return value;
            }
            await Task.Delay(100);
        }
    }
}
