using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Functions.Stages;
using SupplierAssessment.Functions.Tests;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Benchmarks;

/// <summary>
/// A bounded loopback run on the tests' <see cref="PipelineApp"/> (the app on Kestrel, Azurite, the real SendGrid
/// client to a capture server), with suppliers answering through the tests' <see cref="Answering"/>:
/// 1. Storage calls per operation, counted by the Azure SDK pipeline policy, with the queue listeners off and
///    the stages invoked one by one (so polling does not count).
/// 2. Submit → email latency for N suppliers submitting at once, with the local listeners on.
/// </summary>
public static class PipelineLoad
{
    private const string Text = "Described in our security plan.";

    public static async Task RunAsync(int suppliers)
    {
        await using var azurite = await AzuriteServer.StartAsync();

        Console.WriteLine("## Storage calls per operation");
        await using (var app = await LoadApp.StartAsync(azurite, runQueues: false))
        {
            await CountCallsAsync(app);
        }

        Console.WriteLine($"\n## Submit → email latency, {suppliers} suppliers at once");
        await using (var app = await LoadApp.StartAsync(azurite, runQueues: true))
        {
            await LatencyAsync(app, suppliers);
        }
    }

    private static async Task CountCallsAsync(PipelineApp app)
    {
        var counter = app.Services.GetRequiredService<StorageCallCounter>();
        var procurementId = await app.CreateProcurementAsync("Benchmark procurement");
        var (_, token) = await app.InviteAsync(procurementId, "Counted Hosting", "counted@bench.example");
        var supplier = new Answering(app.Anonymous, token);

        async Task<long> CallsOf(Func<Task<HttpResponseMessage>> operation)
        {
            var before = counter.Calls;
            using var response = await operation();
            response.EnsureSuccessStatusCode();
            return counter.Calls - before;
        }
        var open = await CallsOf(supplier.OpenAsync);
        var answers = supplier.AnswersFor(level: 2, option: 1, Text);
        var firstSave = await CallsOf(() => supplier.SaveAsync(answers));
        var save = await CallsOf(() => supplier.SaveAsync(answers));
        await supplier.AttachRequiredEvidenceAsync();
        var submit = await CallsOf(supplier.SubmitAsync);

        var stages = app.Services.GetServices<IStageHandler>().ToDictionary(h => h.FunctionName);
        var account = app.Services.GetRequiredService<StorageAccount>();
        var pipeline = 0L;
        foreach (var (function, queue) in new[] { ("ScoreAssessment", "assessment-submitted"), ("RenderReport", "report-requested"), ("NotifyProjectManager", "report-ready") })
        {
            var message = (await account.Queue(queue).ReceiveMessagesAsync(1)).Value.Single();
            await account.Queue(queue).DeleteMessageAsync(message.MessageId, message.PopReceipt);
            var before = counter.Calls;
            await stages[function].HandleAsync(message.Body.ToString(), 1, CancellationToken.None);
            var calls = counter.Calls - before;
            pipeline += calls;
            Console.WriteLine($"| {function} stage | {calls} |");
        }
        Console.WriteLine($"| open questionnaire | {open} |");
        Console.WriteLine($"| first save (invited → inProgress, with its audit row) | {firstSave} |");
        Console.WriteLine($"| save answers | {save} |");
        Console.WriteLine($"| submit (incl. enqueue + audit) | {submit} |");
        Console.WriteLine($"| whole pipeline after submit (score + render + notify) | {pipeline} |");
        Console.WriteLine($"| submit + pipeline | {submit + pipeline} |");
    }

    private static async Task LatencyAsync(PipelineApp app, int suppliers)
    {
        var procurementId = await app.CreateProcurementAsync("Benchmark procurement");
        var invited = new List<(string Id, string Token)>();
        for (var i = 0; i < suppliers; i++)
        {
            invited.Add(await app.InviteAsync(procurementId, $"Supplier {i:00}", $"supplier{i:00}@bench.example"));
        }
        // Scale answers at 2 of 5: a supplier far below the profile, so every report carries a long action plan.
        var prepared = await Task.WhenAll(invited.Select(async s =>
        {
            var supplier = new Answering(app.Anonymous, s.Token);
            (await supplier.OpenAsync()).EnsureSuccessStatusCode().Dispose();
            (await supplier.SaveAsync(supplier.AnswersFor(level: 2, option: 1, Text))).EnsureSuccessStatusCode().Dispose();
            await supplier.AttachRequiredEvidenceAsync();
            return (s.Id, Supplier: supplier);
        }));

        var wall = Stopwatch.StartNew();
        var latencies = await Task.WhenAll(prepared.Select(async s =>
        {
            (await s.Supplier.SubmitAsync()).EnsureSuccessStatusCode().Dispose();
            var submittedAt = DateTimeOffset.UtcNow;
            var email = await app.Mail.WaitForMailAsync(m => m.IdempotencyKey == $"report:{s.Id}:v1", TimeSpan.FromSeconds(120));
            return (email.ReceivedAt - submittedAt).TotalMilliseconds;
        }));
        wall.Stop();
        Array.Sort(latencies);
        double Percentile(double p) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
        Console.WriteLine($"| suppliers | {suppliers} |");
        Console.WriteLine($"| p50 submit → email | {Percentile(0.50):0} ms |");
        Console.WriteLine($"| p95 submit → email | {Percentile(0.95):0} ms |");
        Console.WriteLine($"| max submit → email | {latencies[^1]:0} ms |");
        Console.WriteLine($"| all {suppliers} emailed after | {wall.ElapsedMilliseconds} ms |");
    }

    /// <summary>The tests' app on the run's own Azurite, its listeners on or off, and no log lines among the figures.</summary>
    private sealed class LoadApp(AzuriteServer azurite, bool runQueues) : PipelineApp(azurite)
    {
        protected override bool RunQueuesLocally => runQueues;

        protected override void Configure(WebApplicationBuilder builder) => builder.Logging.ClearProviders();

        public static async Task<LoadApp> StartAsync(AzuriteServer azurite, bool runQueues)
        {
            var app = new LoadApp(azurite, runQueues);
            await app.InitializeAsync();
            return app;
        }
    }
}
