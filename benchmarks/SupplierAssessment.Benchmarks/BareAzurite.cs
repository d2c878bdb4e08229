using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using SupplierAssessment.TestSupport;

namespace SupplierAssessment.Benchmarks;

/// <summary>
/// The floor the app's time to the last email is compared with (issue 13): the storage calls of N suppliers' submit +
/// pipeline, issued from this process straight to the same Azurite, with no worker, no HTTP and no email, on tables, a
/// container and queues of their own. The assessment row is the app's own, property by property; the blobs are as
/// large as the app stored them; each write is the app's entity group transaction (the row with its audit row, and the
/// submit's outbox row added or the stages' settled).
/// </summary>
internal static class BareAzurite
{
    /// <summary>The calls the worker's StorageCallCounter counts per supplier (docs/benchmarks.md: 3 + 3 + 6 + 4).</summary>
    public const int CountedCallsPerSupplier = 16;

    // The function app's host.json queue settings, read as the local host reads them (QueueListener): batch size,
    // threshold, polling, lease, and the host's shortest poll.
    private static readonly FunctionsLocalHost.QueueOptions Queues =
        new FunctionsLocalHost.HostSettings(SupplierAssessment.Functions.Tests.FunctionApp.WorkerDirectory, new Dictionary<string, string>()).Queues;
    private static readonly TimeSpan MinPolling = FunctionsLocalHost.QueueListener.MinPollingInterval;

    /// <summary>
    /// Every call the pipeline makes, in its order: all suppliers submit at once (read, write, enqueue); then three
    /// listeners with the host's semantics (receive up to 16, more once at most 16 are in flight, back-off 100 → 200 ms
    /// while empty, woken at once by an add to their queue — the app's first listener is not woken by the submissions,
    /// it polls: the floor leaves that wait out) run the stages' calls — score: read, write; render: reads of the
    /// assessment and the procurement, two blobs, write; notify: the same two reads, the claim and its sent mark — then
    /// add the next stage's message and delete the one processed. So each supplier's 16 counted calls, plus what the
    /// Functions host does besides: a delete per message (3) and the receives. The row is the app's as submitted until
    /// scoring writes it with its ratings.
    /// Returns the wall time from the first submit to the last sent mark, in ms, the number of calls made, and the CPU
    /// this process and Azurite used meanwhile ("1.2 s / 3.4 s").
    /// </summary>
    public static async Task<(long Milliseconds, int Calls, string Cpu)> PipelineAsync(AzuriteServer azurite, int suppliers, PipelineLoad.StoredSizes sizes)
    {
        var store = await Store.CreateAsync(azurite, suppliers, sizes);
        var queues = new[] { "submitted", "requested", "ready" }.Select(q => new QueueClient(azurite.ConnectionString, store.Prefix + q)).ToArray();
        foreach (var queue in queues)
        {
            await queue.CreateIfNotExistsAsync();
        }
        var wakes = queues.Select(_ => new SemaphoreSlim(0, 1)).ToArray();
        var calls = 0;
        var emailed = 0;
        var allEmailed = new TaskCompletionSource();
        async Task AddAsync(int stage, int i)
        {
            await queues[stage].SendMessageAsync(Message(i));
            Interlocked.Increment(ref calls);
            if (wakes[stage].CurrentCount == 0)
            {
                try { wakes[stage].Release(); } catch (SemaphoreFullException) { }
            }
        }
        Func<int, Task>[] stages =
        [
            async i => // ScoreAssessment: read, write; its report request goes out through the output binding
            {
                await store.WriteAsync(i, await store.ReadAsync(i), "scored", TableTransactionActionType.UpsertMerge, scored: true);
                await AddAsync(1, i); // counts its own call
                Interlocked.Add(ref calls, 2);
            },
            async i => // RenderReport: two reads (assessment, procurement), two blobs, write; its notice through the output binding
            {
                var etag = await store.ReadAsync(i);
                await store.ReadProcurementAsync();
                await store.Blobs.GetBlobClient($"a{i}/v1.html").UploadAsync(store.Html);
                await store.Blobs.GetBlobClient($"a{i}/v1.json").UploadAsync(store.Json);
                await store.WriteAsync(i, etag, "written", null, scored: true);
                await AddAsync(2, i); // counts its own call
                Interlocked.Add(ref calls, 5);
            },
            async i => // NotifyProjectManager: two reads (assessment, procurement), the claim, the sent mark
            {
                await store.ReadAsync(i);
                await store.ReadProcurementAsync();
                await store.Notifications.AddEntityAsync(new TableEntity("n", $"report-{i}") { ["State"] = "sending" });
                await store.Notifications.UpdateEntityAsync(new TableEntity("n", $"report-{i}") { ["State"] = "sent" }, ETag.All);
                Interlocked.Add(ref calls, 4);
                if (Interlocked.Increment(ref emailed) == suppliers)
                {
                    allEmailed.TrySetResult();
                }
            },
        ];

        using var stop = new CancellationTokenSource();
        var cpu = PipelineLoad.CpuUse.Start(null, azurite.ProcessId);
        var clock = Stopwatch.StartNew();
        var listeners = Enumerable.Range(0, 3).Select(s => Task.Run(() => ListenAsync(queues[s], wakes[s], stages[s], () => Interlocked.Increment(ref calls), stop.Token))).ToArray();
        await Task.WhenAll(Enumerable.Range(0, suppliers).Select(async i =>
        {
            // submit: read, write (row + outbox + audit), enqueue; the app's listener polls for it, this one is woken
            // (the floor is Azurite's time, not the listener's back-off)
            await store.WriteAsync(i, await store.ReadAsync(i), "submitted", TableTransactionActionType.Add, scored: false);
            await AddAsync(0, i);
            Interlocked.Add(ref calls, 2);
        }));
        await allEmailed.Task.WaitAsync(TimeSpan.FromMinutes(5));
        var elapsed = clock.ElapsedMilliseconds;
        var used = cpu.Stop();
        await stop.CancelAsync();
        await Task.WhenAll(listeners);
        return (elapsed, calls, used);
    }

    /// <summary>
    /// The yardstick until 2026-11-30's last stop: each supplier's 16 counted calls as one chain of its own (submit's
    /// three, the stages' calls, one receive and one delete standing in for the host's queue work), all suppliers at
    /// once. It leaves out two deletes per supplier and the queue's backlog (on Azurite every queue call costs more
    /// as more messages wait), so it is lower than <see cref="PipelineAsync"/>. Returns the wall time, in ms.
    /// </summary>
    public static async Task<long> ChainsAsync(AzuriteServer azurite, int suppliers, PipelineLoad.StoredSizes sizes)
    {
        var store = await Store.CreateAsync(azurite, suppliers, sizes);
        var queue = new QueueClient(azurite.ConnectionString, store.Prefix + "queue");
        await queue.CreateIfNotExistsAsync();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, suppliers).Select(async i =>
        {
            await store.WriteAsync(i, await store.ReadAsync(i), "submitted", TableTransactionActionType.Add, scored: false);
            await queue.SendMessageAsync(Message(i));
            await store.WriteAsync(i, await store.ReadAsync(i), "scored", TableTransactionActionType.UpsertMerge, scored: true);
            var etag = await store.ReadAsync(i);
            await store.ReadProcurementAsync();
            await store.Blobs.GetBlobClient($"a{i}/v1.html").UploadAsync(store.Html);
            await store.Blobs.GetBlobClient($"a{i}/v1.json").UploadAsync(store.Json);
            await store.WriteAsync(i, etag, "written", null, scored: true);
            await store.ReadAsync(i);
            await store.ReadProcurementAsync();
            await store.Notifications.AddEntityAsync(new TableEntity("n", $"report-{i}") { ["State"] = "sending" });
            await store.Notifications.UpdateEntityAsync(new TableEntity("n", $"report-{i}") { ["State"] = "sent" }, ETag.All);
            var message = (await queue.ReceiveMessageAsync()).Value;
            if (message is not null)
            {
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }));
        return clock.ElapsedMilliseconds;
    }

    /// <summary>A stage message about as long as the app's (a procurement id, an assessment id, a version, an actor): the supplier's number first.</summary>
    private static string Message(int i) => $"{i}:{Guid.Empty}:{Guid.Empty}:v1:system:{Guid.Empty}";

    private static int Supplier(string message) => int.Parse(message[..message.IndexOf(':')], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A queue listener with the local host's semantics (tools/FunctionsLocalHost/QueueListener.cs), counting its calls.</summary>
    private static async Task ListenAsync(QueueClient queue, SemaphoreSlim wake, Func<int, Task> stage, Action called, CancellationToken stop)
    {
        var delay = MinPolling;
        var inFlight = new List<Task>();
        while (!stop.IsCancellationRequested)
        {
            inFlight.RemoveAll(t => t.IsCompleted);
            if (inFlight.Count > Queues.Threshold)
            {
                await Task.WhenAny(inFlight);
                continue;
            }
            var messages = (await queue.ReceiveMessagesAsync(Queues.BatchSize, Queues.VisibilityTimeout, CancellationToken.None)).Value;
            called();
            if (messages.Length == 0)
            {
                var woken = await wake.WaitAsync(delay, stop).ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default);
                delay = woken ? MinPolling : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, Queues.MaxPollingInterval.Ticks));
                continue;
            }
            delay = MinPolling;
            inFlight.AddRange(messages.Select(m => Task.Run(async () =>
            {
                await stage(Supplier(m.MessageText));
                await queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
                called();
            })));
        }
        await Task.WhenAll(inFlight);
    }

    /// <summary>
    /// The tables and the container of one bare run: the suppliers' assessment rows already there as the app stored them
    /// before the submission, and the procurement's row as the app stored it.
    /// </summary>
    private sealed class Store
    {
        private readonly PipelineLoad.StoredSizes _sizes;

        private Store(AzuriteServer azurite, PipelineLoad.StoredSizes sizes)
        {
            _sizes = sizes;
            Prefix = "bare" + Guid.NewGuid().ToString("N")[..6];
            Rows = new TableClient(azurite.ConnectionString, Prefix + "rows");
            Procurements = new TableClient(azurite.ConnectionString, Prefix + "procurements");
            Notifications = new TableClient(azurite.ConnectionString, Prefix + "notifications");
            Blobs = new BlobContainerClient(azurite.ConnectionString, Prefix + "reports");
            // The payloads as large as the app's own (measured in the latency run): Azurite's work grows with them.
            Html = new BinaryData(new byte[sizes.Html]);
            Json = new BinaryData(new byte[sizes.Json]);
        }

        public string Prefix { get; }
        public TableClient Rows { get; }
        public TableClient Procurements { get; }
        public TableClient Notifications { get; }
        public BlobContainerClient Blobs { get; }
        public BinaryData Html { get; }
        public BinaryData Json { get; }

        public static async Task<Store> CreateAsync(AzuriteServer azurite, int suppliers, PipelineLoad.StoredSizes sizes)
        {
            var store = new Store(azurite, sizes);
            await store.Rows.CreateIfNotExistsAsync();
            await store.Procurements.CreateIfNotExistsAsync();
            await store.Notifications.CreateIfNotExistsAsync();
            await store.Blobs.CreateIfNotExistsAsync();
            await store.Procurements.AddEntityAsync(Entity("o", "p", sizes.Procurement));
            for (var i = 0; i < suppliers; i++)
            {
                await store.Rows.AddEntityAsync(store.Row(i, scored: false));
            }
            return store;
        }

        private static TableEntity Entity(string partitionKey, string rowKey, IReadOnlyDictionary<string, object> properties)
        {
            var row = new TableEntity(partitionKey, rowKey);
            foreach (var (name, value) in properties)
            {
                row[name] = value;
            }
            return row;
        }

        /// <summary>The app's own assessment row, property by property: as submitted, or with the ratings scoring adds.</summary>
        public TableEntity Row(int i, bool scored) => Entity("p", $"a{i}", scored ? _sizes.Reported : _sizes.BeforeSubmit);

        /// <summary>A point read of the assessment row; returns its ETag.</summary>
        public async Task<ETag> ReadAsync(int i) => (await Rows.GetEntityAsync<TableEntity>("p", $"a{i}")).Value.ETag;

        /// <summary>A point read of the procurement's row, as the render and notify stages make.</summary>
        public Task ReadProcurementAsync() => Procurements.GetEntityAsync<TableEntity>("o", "p");

        /// <summary>The assessment row, its audit row and its outbox row (added, or settled by a merge): one transaction.</summary>
        public Task WriteAsync(int i, ETag etag, string what, TableTransactionActionType? outbox, bool scored) =>
            Rows.SubmitTransactionAsync(new List<TableTransactionAction>
            {
                new(TableTransactionActionType.UpdateReplace, Row(i, scored), etag),
                new(TableTransactionActionType.Add, new TableEntity("p", $"~audit~{i}-{what}") { ["Action"] = what }),
            }.Concat(outbox is { } kind ? [new(kind, new TableEntity("p", $"~stage~{i}") { ["Settled"] = kind != TableTransactionActionType.Add })] : []));
    }
}
