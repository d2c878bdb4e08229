using Azure.Storage.Queues;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace FunctionsLocalHost.SampleWorker;

/// <summary>
/// The functions the host's tests drive. Queue and timer functions record what they saw as messages on the queue named
/// by the setting <c>SampleDeliveries</c> (one line each: <c>queue|text|dequeueCount</c> or <c>timer|isPastDue</c>).
/// </summary>
public sealed class SampleFunctions(ILogger<SampleFunctions> logger)
{
    [Function(nameof(GetItem))]
    public IActionResult GetItem([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "items/{id}")] HttpRequest req, string id)
    {
        logger.LogInformation("Sample item {Id} requested", id);
        return new OkObjectResult(new { id, q = req.Query["q"].ToString() });
    }

    [Function(nameof(GetSpecialItem))]
    public IActionResult GetSpecialItem([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "items/special")] HttpRequest req) =>
        new ContentResult { Content = "special", ContentType = "text/plain" };

    [Function(nameof(GetItemsPage))]
    public IActionResult GetItemsPage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "items/page/{n:int}")] HttpRequest req, int n)
    {
        var result = new ContentResult { Content = $"page {n}", ContentType = "text/plain", StatusCode = 203 };
        req.HttpContext.Response.Headers["X-Sample"] = "page";
        return result;
    }

    [Function(nameof(GetStatic))]
    public IActionResult GetStatic([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "static/{*path}")] HttpRequest req, string path) =>
        new ContentResult { Content = "static:" + path, ContentType = "text/plain" };

    [Function(nameof(Echo))]
    public async Task<IActionResult> Echo([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "echo")] HttpRequest req)
    {
        using var reader = new StreamReader(req.Body);
        return new ContentResult { Content = await reader.ReadToEndAsync(), ContentType = req.ContentType, StatusCode = 201 };
    }

    [Function(nameof(GoAway))]
    public IActionResult GoAway([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "go-away")] HttpRequest req) =>
        new RedirectResult("/items/elsewhere");

    [Function(nameof(Explode))]
    public IActionResult Explode([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "explode")] HttpRequest req) =>
        throw new InvalidOperationException("The sample function exploded on purpose.");

    [Function(nameof(ProcessWork))]
    public async Task ProcessWork(
        [QueueTrigger("%SampleQueue%", Connection = "AzureWebJobsStorage")] string text, long dequeueCount, string id)
    {
        await RecordAsync($"queue|{text}|{dequeueCount}");
        if (text.Contains("fail", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Message {id} asked to fail.");
        }
    }

    /// <summary>Records each delivery, then takes 5 s: longer than the tests' 3 s message lease, renewed three times.</summary>
    [Function(nameof(SlowWork))]
    public async Task SlowWork([QueueTrigger("%SampleQueue%-slow")] string text, long dequeueCount)
    {
        await RecordAsync($"slow|{text}|{dequeueCount}");
        await Task.Delay(TimeSpan.FromSeconds(5));
    }

    /// <summary>Relays each message of the relay queue to the relayed queue through a queue output binding ("drop": nothing).</summary>
    [Function(nameof(Relay))]
    [QueueOutput("%SampleQueue%-relayed")]
    public string? Relay([QueueTrigger("%SampleQueue%-relay")] string text) => text == "drop" ? null : "relayed:" + text;

    [Function(nameof(Relayed))]
    public Task Relayed([QueueTrigger("%SampleQueue%-relayed")] string text) => RecordAsync($"relayed|{text}");

    [Function(nameof(Tick))]
    public Task Tick([TimerTrigger("%SampleTimerSchedule%")] TimerInfo timer) =>
        RecordAsync($"timer|{timer.IsPastDue}");

    private static async Task RecordAsync(string line)
    {
        var queue = new QueueClient(Environment.GetEnvironmentVariable("AzureWebJobsStorage"), Environment.GetEnvironmentVariable("SampleDeliveries"));
        await queue.CreateIfNotExistsAsync();
        await queue.SendMessageAsync(line);
    }
}
