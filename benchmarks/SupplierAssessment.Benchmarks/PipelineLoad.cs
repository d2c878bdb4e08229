using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using FunctionsLocalHost;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Functions.Tests;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Benchmarks;

/// <summary>
/// A bounded loopback run of the function app (the built isolated worker under the local Functions host, on the run's
/// own Azurite, mailing through the real SendGrid client to a capture server), with suppliers answering through the
/// tests' <see cref="Answering"/>. The figures (times measured in this process, storage calls counted in the worker):
/// 1. Process start → first 200: from starting the host (which starts the worker) until <c>GET /health</c> answers
///    200, in milliseconds, over <see cref="StartRuns"/> runs.
/// 2. Storage calls per operation, as the worker logs them per invocation (<c>StorageCallsMiddleware</c>: "{Function}
///    made {StorageCalls} storage calls"), read from the host's log; the stage triggers are off and each stage is fed
///    its message through the host's <see cref="LocalFunctionsHost.InvokeAsync"/>, so queue polling does not count.
/// 3. Submit → email latency, in milliseconds, for N suppliers submitting at once, with the stage triggers on and
///    host.json's own queue settings (no test overrides); then whether every supplier was emailed exactly once.
/// 4. Bare Azurite: the time the same Azurite takes for every storage call the N suppliers' submit + pipeline make,
///    the host's queue work included, issued straight from this process (<see cref="BareAzurite.PipelineAsync"/>) after
///    a warm-up of its own, fastest of three runs — the floor the app's time to the last email is compared with.
/// </summary>
public static partial class PipelineLoad
{
    private const string Text = "Described in our security plan.";
    private const int StartRuns = 5;
    private const int FloorRuns = 3;
    private static readonly string[] Stages = ["ScoreAssessment", "RenderReport", "NotifyProjectManager"];

    public static async Task RunAsync(int suppliers)
    {
        // In memory: Azurite's periodic saves of its whole databases to disk would charge the longer run, and the later
        // one on more data, with work that is not the calls compared.
        await using var azurite = await AzuriteServer.StartAsync(inMemory: true);

        Console.WriteLine($"## Process start → first 200 (GET /health), {StartRuns} runs");
        await StartToFirst200Async(azurite);

        Console.WriteLine("\n## Storage calls per operation (counted in the worker)");
        await using (var app = new CountingApp(azurite))
        {
            await app.InitializeAsync();
            if (await CountCallsAsync(app) is var counted && counted != BareAzurite.CountedCallsPerSupplier)
            {
                // The floor replays the calls the app made when it was written: said loudly when the app's have changed.
                Console.WriteLine($"| **the app now makes {counted} calls per supplier, the floor replays {BareAzurite.CountedCallsPerSupplier}: update BareAzurite before trusting the ratio** | |");
            }
        }

        Console.WriteLine($"\n## Submit → email latency, {suppliers} suppliers at once (host.json's queue settings)");
        long lastEmail;
        StoredSizes sizes;
        await using (var app = await LoadApp.StartAsync(azurite))
        {
            (lastEmail, sizes) = await LatencyAsync(app, suppliers);
        }

        Console.WriteLine($"\n## The same storage calls straight to Azurite, {suppliers} suppliers at once");
        Console.WriteLine($"| sizes as the app stored them: assessment row / report HTML / report JSON | {sizes.Row / 1024.0:0.0} KB / {sizes.Html / 1024.0:0.0} KB / {sizes.Json / 1024.0:0.0} KB |");
        // The floor gets what the app got: a warm-up of its own (the JIT of this process's storage clients) first; then
        // it runs three times and the fastest counts, so that the machine's noise cannot make the floor look slow.
        var warm = await BareAzurite.PipelineAsync(azurite, WarmUpSuppliers, sizes);
        Console.WriteLine($"| warm-up of the floor: {WarmUpSuppliers} suppliers | {warm.Milliseconds} ms |");
        var floors = new List<(long Milliseconds, int Calls, string Cpu)>();
        for (var run = 0; run < FloorRuns; run++)
        {
            floors.Add(await BareAzurite.PipelineAsync(azurite, suppliers, sizes));
        }
        var floor = floors.Min(f => f.Milliseconds);
        Console.WriteLine($"| bare Azurite, every call of submit + the three queue hops, {FloorRuns} runs (calls) | {string.Join(" / ", floors.Select(f => $"{f.Milliseconds} ms ({f.Calls})"))} |");
        Console.WriteLine($"| CPU in each of those runs: this process / Azurite | {string.Join(", ", floors.Select(f => f.Cpu))} |");
        Console.WriteLine($"| app's time to the last email ÷ the fastest of them | {(double)lastEmail / Math.Max(1, floor):0.00} (target ≤ 1.3) |");
        var chains = await BareAzurite.ChainsAsync(azurite, suppliers, sizes);
        Console.WriteLine($"| earlier yardstick: the {BareAzurite.CountedCallsPerSupplier} counted calls per supplier, one chain each ({suppliers * BareAzurite.CountedCallsPerSupplier} calls) | {chains} ms (app ÷ it: {(double)lastEmail / Math.Max(1, chains):0.00}) |");
    }

    /// <summary>
    /// CPU seconds used by the worker, this process and Azurite between <see cref="Start"/> and <see cref="Stop"/>, read
    /// from <c>/proc/{pid}/stat</c> (user + system, in clock ticks of 10 ms): where the run's time went.
    /// </summary>
    internal sealed class CpuUse
    {
        private readonly int? _worker, _azurite;
        private readonly (double Worker, double Self, double Azurite) _start;

        private CpuUse(int? worker, int? azurite)
        {
            (_worker, _azurite) = (worker, azurite);
            _start = Now();
        }

        public static CpuUse Start(int? worker, int? azurite) => new(worker, azurite);

        public string Stop()
        {
            var end = Now();
            var self = $"{end.Self - _start.Self:0.0} s";
            var azurite = $"{end.Azurite - _start.Azurite:0.0} s";
            return _worker is null ? $"{self} / {azurite}" : $"{end.Worker - _start.Worker:0.0} s / {self} / {azurite}";
        }

        private (double Worker, double Self, double Azurite) Now() =>
            (Seconds(_worker), Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds, Seconds(_azurite));

        private static double Seconds(int? pid)
        {
            if (pid is null || !File.Exists($"/proc/{pid}/stat"))
            {
                return 0;
            }
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
    }

    private static async Task StartToFirst200Async(AzuriteServer azurite)
    {
        var started = new List<double>();
        var healthy = new List<double>();
        var stopped = new List<double>();
        for (var run = 0; run < StartRuns; run++)
        {
            await using var mail = await SendGridCaptureServer.StartAsync();
            var clock = Stopwatch.StartNew();
            var host = await FunctionApp.StartAsync(LoadApp.Settings(azurite, mail), new HostLog());
            started.Add(clock.Elapsed.TotalMilliseconds);
            using var client = new HttpClient { BaseAddress = host.BaseAddress };
            while (true)
            {
                using var response = await client.GetAsync("/health");
                if (response.IsSuccessStatusCode)
                {
                    break;
                }
                await Task.Delay(10);
            }
            healthy.Add(clock.Elapsed.TotalMilliseconds);
            var stopping = Stopwatch.StartNew();
            await host.DisposeAsync(); // the worker process is gone when this returns
            stopped.Add(stopping.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine($"| host started, worker's functions loaded | median {Median(started):0} ms | max {started.Max():0} ms |");
        Console.WriteLine($"| first 200 on GET /health | median {Median(healthy):0} ms | max {healthy.Max():0} ms |");
        Console.WriteLine($"| runs (ms) | {string.Join(", ", healthy.Select(h => h.ToString("0", CultureInfo.InvariantCulture)))} |");
        Console.WriteLine($"| stop: host and worker gone (target: a few seconds) | median {Median(stopped):0} ms | max {stopped.Max():0} ms |");
    }

    /// <summary>Prints each operation's storage calls; returns submit + the pipeline's, the host's two output-binding writes included.</summary>
    private static async Task<long> CountCallsAsync(CountingApp app)
    {
        var procurementId = await app.CreateProcurementAsync("Benchmark procurement");
        var (_, token) = await app.InviteAsync(procurementId, "Counted Hosting", "counted@bench.example");
        var supplier = new Answering(app.Anonymous, token);

        async Task<long> CallsOf(string function, Func<Task<HttpResponseMessage>> operation) =>
            await CallsLoggedAsync(app.Log, function, async () =>
            {
                using var response = await operation();
                response.EnsureSuccessStatusCode();
            });
        var open = await CallsOf("GetQuestionnaire", supplier.OpenAsync);
        var answers = supplier.AnswersFor(level: 2, option: 1, Text);
        var firstSave = await CallsOf("SaveAnswers", () => supplier.SaveAsync(answers));
        var save = await CallsOf("SaveAnswers", () => supplier.SaveAsync(answers));
        await supplier.AttachRequiredEvidenceAsync();
        var submit = await CallsOf("SubmitQuestionnaire", supplier.SubmitAsync);

        // Each stage's message is taken from its queue (the triggers are off) and run once in the worker.
        var account = app.Services.GetRequiredService<StorageAccount>();
        var pipeline = 0L;
        foreach (var function in Stages)
        {
            var queue = account.Queue(app.Host.Functions.Single(f => f.Name == function).QueueName!);
            var message = (await queue.ReceiveMessagesAsync(1)).Value.Single();
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            var calls = await CallsLoggedAsync(app.Log, function, () => app.Host.InvokeAsync(function, message.Body.ToString()));
            pipeline += calls;
            Console.WriteLine($"| {function} stage | {calls} |");
        }
        Console.WriteLine($"| open questionnaire | {open} |");
        Console.WriteLine($"| first save (invited → inProgress, with its audit row) | {firstSave} |");
        Console.WriteLine($"| save answers | {save} |");
        Console.WriteLine($"| submit (incl. enqueue + audit) | {submit} |");
        Console.WriteLine($"| whole pipeline after submit (score + render + notify) in the worker | {pipeline} |");
        // The score and render stages return the next stage's message to a queue output binding, which the host writes:
        // one call each, not made in the worker (docs/benchmarks.md).
        Console.WriteLine($"| submit + pipeline, with the host's 2 output-binding writes | {submit + pipeline + 2} |");
        return submit + pipeline + 2;
    }

    /// <summary>
    /// Runs the operation, then waits for the worker's next "{Function} made {StorageCalls} storage calls" line for
    /// <paramref name="function"/> in the host's log (it travels over gRPC, and may arrive after the HTTP answer).
    /// </summary>
    private static async Task<long> CallsLoggedAsync(HostLog log, string function, Func<Task> operation)
    {
        var before = Logged(log, function).Count;
        await operation();
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (Logged(log, function) is { } calls && calls.Count > before)
            {
                return calls[before];
            }
            await Task.Delay(25);
        }
        throw new TimeoutException($"The worker logged no storage calls for {function} within 5 s. Log:\n{log}");
    }

    private static List<long> Logged(HostLog log, string function) =>
        [.. log.Lines.Select(l => StorageCallsLine().Match(l))
            .Where(m => m.Success && m.Groups["function"].Value == function)
            .Select(m => long.Parse(m.Groups["calls"].Value, CultureInfo.InvariantCulture))];

    [GeneratedRegex(@": (?<function>\w+) made (?<calls>\d+) storage calls$")]
    private static partial Regex StorageCallsLine();

    /// <summary>
    /// Suppliers run through submit → email before the measured burst, in a procurement of their own: the worker's first
    /// run of the stages (the PDF, the SendGrid client, the stages' code) is compiled by the JIT then — and called more
    /// than the 30 times after which tiered compilation recompiles a method optimized — as on an instance that has been
    /// serving for a while. The bare-Azurite floor gets a warm-up of its own as well.
    /// </summary>
    private const int WarmUpSuppliers = 100;

    /// <summary>Invites <paramref name="count"/> suppliers to a new procurement and fills in each questionnaire, ready to submit.</summary>
    private static async Task<(string ProcurementId, (string Id, Answering Supplier)[] Suppliers)> PrepareAsync(LoadApp app, string name, int count, string prefix)
    {
        var procurementId = await app.CreateProcurementAsync(name);
        var invited = new List<(string Id, string Token)>();
        for (var i = 0; i < count; i++)
        {
            invited.Add(await app.InviteAsync(procurementId, $"{prefix} {i:00}", $"{prefix}{i:00}@bench.example"));
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
        return (procurementId, prepared);
    }

    /// <summary>
    /// Every prepared supplier submits at once; returns each one's submit → email latency, in ms. The report emails are
    /// awaited by key, all at once: a predicate per supplier, tried on every mail, took this process — which shares the
    /// two cores with the app — a quadratic share of the CPU in the measured window.
    /// </summary>
    private static Task<double[]> BurstAsync(LoadApp app, (string Id, Answering Supplier)[] prepared)
    {
        var emails = app.Mail.WaitForKeys(prepared.Select(s => $"report:{s.Id}:v1"));
        return Task.WhenAll(prepared.Select(async s =>
        {
            (await s.Supplier.SubmitAsync()).EnsureSuccessStatusCode().Dispose();
            var submittedAt = DateTimeOffset.UtcNow;
            var email = await emails[$"report:{s.Id}:v1"].WaitAsync(TimeSpan.FromSeconds(120));
            return (email.ReceivedAt - submittedAt).TotalMilliseconds;
        }));
    }

    private static async Task<(long LastEmail, StoredSizes Sizes)> LatencyAsync(LoadApp app, int suppliers)
    {
        var (procurementId, prepared) = await PrepareAsync(app, "Benchmark procurement", suppliers, "supplier");
        var (_, warmUp) = await PrepareAsync(app, "Warm-up procurement", WarmUpSuppliers, "warm-up");
        var warmClock = Stopwatch.StartNew();
        await BurstAsync(app, warmUp);
        Console.WriteLine($"| warm-up: {WarmUpSuppliers} suppliers at once, the worker's first run of the stages (JIT) | all emailed after {warmClock.ElapsedMilliseconds} ms |");
        await Task.Delay(TimeSpan.FromSeconds(5)); // the tiered JIT's background recompilations end
        var beforeSubmit = await StoredSizes.PropertiesAsync(app.ConnectionString, procurementId, prepared[0].Id);

        var cpu = CpuUse.Start(app.Host.WorkerProcessId, app.AzuriteProcessId);
        var wall = Stopwatch.StartNew();
        var latencies = await BurstAsync(app, prepared);
        wall.Stop();
        var used = cpu.Stop();
        Array.Sort(latencies);
        double Percentile(double p) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
        Console.WriteLine($"| suppliers | {suppliers} |");
        Console.WriteLine($"| p50 submit → email | {Percentile(0.50):0} ms |");
        Console.WriteLine($"| p95 submit → email | {Percentile(0.95):0} ms |");
        Console.WriteLine($"| max submit → email | {latencies[^1]:0} ms |");
        Console.WriteLine($"| all {suppliers} emailed after | {wall.ElapsedMilliseconds} ms |");
        Console.WriteLine($"| CPU meanwhile: worker / this process (host, load, mail capture) / Azurite | {used} |");
        await Task.Delay(TimeSpan.FromSeconds(5)); // a duplicate would come now, if at all
        var perSupplier = prepared.Select(s => app.Mail.Mails.Count(m => m.IdempotencyKey == $"report:{s.Id}:v1")).ToArray();
        Console.WriteLine($"| emailed exactly once | {perSupplier.Count(n => n == 1)} of {suppliers} (none: {perSupplier.Count(n => n == 0)}, twice or more: {perSupplier.Count(n => n > 1)}) |");
        return (wall.ElapsedMilliseconds, await StoredSizes.OfAsync(app.ConnectionString, procurementId, prepared[0].Id, beforeSubmit));
    }

    /// <summary>
    /// What the app stored for one supplier: its assessment row as the table service answers a point read, in bytes, and
    /// report v1's HTML and JSON blobs, in bytes; the row's own properties (its answers one by one, ratings, link…)
    /// before the submission (<paramref name="BeforeSubmit"/>) and once reported (<paramref name="Reported"/>: with the
    /// ratings scoring added), and the procurement's row (<paramref name="Procurement"/>), which the bare run writes and
    /// reads as they are, since the table service's work grows with the number of properties as well as with their size.
    /// </summary>
    internal sealed record StoredSizes(int Row, int Html, int Json, IReadOnlyDictionary<string, object> BeforeSubmit,
        IReadOnlyDictionary<string, object> Reported, IReadOnlyDictionary<string, object> Procurement)
    {
        public static async Task<StoredSizes> OfAsync(string connectionString, string procurementId, string assessmentId, IReadOnlyDictionary<string, object> beforeSubmit)
        {
            var row = await new Azure.Data.Tables.TableClient(connectionString, "assessments")
                .GetEntityAsync<Azure.Data.Tables.TableEntity>(procurementId, assessmentId);
            var reports = new Azure.Storage.Blobs.BlobContainerClient(connectionString, "reports");
            async Task<int> BlobAsync(string name) => (int)(await reports.GetBlobClient($"{procurementId}/{assessmentId}/{name}").GetPropertiesAsync()).Value.ContentLength;
            var procurement = await new Azure.Data.Tables.TableClient(connectionString, "procurements")
                .QueryAsync<Azure.Data.Tables.TableEntity>(e => e.RowKey == procurementId).FirstAsync();
            return new StoredSizes(row.GetRawResponse().Content.ToMemory().Length, await BlobAsync("v1.html"), await BlobAsync("v1.json"),
                beforeSubmit, Own(row.Value), Own(procurement));
        }

        /// <summary>The assessment row's own properties as stored now.</summary>
        public static async Task<IReadOnlyDictionary<string, object>> PropertiesAsync(string connectionString, string procurementId, string assessmentId) =>
            Own((await new Azure.Data.Tables.TableClient(connectionString, "assessments").GetEntityAsync<Azure.Data.Tables.TableEntity>(procurementId, assessmentId)).Value);

        private static Dictionary<string, object> Own(Azure.Data.Tables.TableEntity row) =>
            row.Where(p => p.Key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag") && p.Value is not null).ToDictionary(p => p.Key, p => p.Value!);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>The tests' app on the run's Azurite with the three stage triggers off: the run feeds each stage itself.</summary>
    private sealed class CountingApp(AzuriteServer azurite) : PipelineApp(azurite)
    {
        protected override IEnumerable<string> DisabledFunctions => Stages;
    }

    /// <summary>
    /// The app under the local host with host.json's own queue settings (batchSize 16, maxPollingInterval 200 ms,
    /// visibilityTimeout 30 s): the tests' <see cref="PipelineApp"/> shortens polling and retries for speed, which a
    /// latency figure must not. One project manager; the same mail capture and log as the tests'.
    /// </summary>
    private sealed class LoadApp : IAsyncDisposable
    {
        private const string PmKey = "bench-pm-key";

        private LoadApp(SendGridCaptureServer mail, LocalFunctionsHost host, int? azuriteProcessId)
        {
            AzuriteProcessId = azuriteProcessId;
            Mail = mail;
            Host = host;
            Anonymous = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
            ProjectManager = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
            ProjectManager.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", PmKey);
        }

        public SendGridCaptureServer Mail { get; }
        public LocalFunctionsHost Host { get; }
        public int? AzuriteProcessId { get; }
        public string ConnectionString { get; private init; } = "";
        public HttpClient Anonymous { get; }
        public HttpClient ProjectManager { get; }

        /// <summary>The app settings (local.settings.json's Values) of a run on this Azurite, mailing to this capture server.</summary>
        public static Dictionary<string, string> Settings(AzuriteServer azurite, SendGridCaptureServer mail) => new()
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Email:SendGridApiKey"] = "SG.bench-key",
            ["Email:SendGridHost"] = mail.BaseAddress.ToString().TrimEnd('/'),
            ["Sample:Enabled"] = "false",
            ["Identity:Users:0:Id"] = "pm@buyer.example", ["Identity:Users:0:Key"] = PmKey, ["Identity:Users:0:Roles:0"] = "projectManager",
        };

        public static async Task<LoadApp> StartAsync(AzuriteServer azurite)
        {
            var mail = await SendGridCaptureServer.StartAsync();
            var log = new HostLog();
            var app = new LoadApp(mail, await FunctionApp.StartAsync(Settings(azurite, mail), log), azurite.ProcessId) { ConnectionString = azurite.ConnectionString };
            await FunctionApp.WaitForStorageAsync(app.ProjectManager, azurite, log.ToString);
            return app;
        }

        public async Task<string> CreateProcurementAsync(string name)
        {
            using var response = await ProjectManager.PostAsJsonAsync("/api/procurements", new { name, profileId = "government-web-hosting", activeAlertLevel = "normal" });
            response.EnsureSuccessStatusCode();
            return (string)(await response.Content.ReadFromJsonAsync<JsonNode>())!["id"]!;
        }

        /// <summary>Invites a supplier; returns its assessment id and its token, read from the invitation email.</summary>
        public async Task<(string AssessmentId, string Token)> InviteAsync(string procurementId, string supplierName, string email)
        {
            using var response = await ProjectManager.PostAsJsonAsync($"/api/procurements/{procurementId}/invitations", new { supplierName, supplierEmail = email });
            response.EnsureSuccessStatusCode();
            var assessmentId = (string)(await response.Content.ReadFromJsonAsync<JsonNode>())!["assessment"]!["id"]!;
            var invitation = await Mail.WaitForMailAsync(m => m.To == email && m.IdempotencyKey?.StartsWith($"invitation:{assessmentId}", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(10));
            return (assessmentId, PipelineApp.TokenIn(invitation.Text!));
        }

        public async ValueTask DisposeAsync()
        {
            Anonymous.Dispose();
            ProjectManager.Dispose();
            await Host.DisposeAsync();
            await Mail.DisposeAsync();
        }
    }
}
