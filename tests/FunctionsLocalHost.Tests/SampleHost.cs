using System.Collections.Concurrent;
using System.Reflection;
using Azure.Storage.Queues;
using SupplierAssessment.TestSupport;

namespace FunctionsLocalHost.Tests;

/// <summary>
/// The sample worker under a started <see cref="LocalFunctionsHost"/>, on the shared Azurite with queue names of its own:
/// the work queue (not created: the test creates it), the deliveries queue the sample's functions record on, a timer
/// every 2 s, and queue retries made fast through the host.json override setting.
/// </summary>
public sealed class SampleHost : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _deliveries = new();
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..10];

    public static string WorkerDirectory { get; } = typeof(SampleHost).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "SampleWorkerDirectory").Value!;

    public LocalFunctionsHost Host { get; private set; } = null!;

    public LogSink Log { get; } = new();

    public HttpClient Http { get; private set; } = null!;

    public QueueClient WorkQueue { get; private set; } = null!;

    public QueueClient Deliveries { get; private set; } = null!;

    public string ConnectionString { get; private set; } = null!;

    public string WorkQueueName => _prefix + "-work";

    public async Task InitializeAsync()
    {
        var azurite = await AzuriteServer.Shared;
        ConnectionString = azurite.ConnectionString;
        Host = await LocalFunctionsHost.StartAsync(new LocalHostOptions
        {
            AppDirectory = WorkerDirectory,
            Settings = Settings(ConnectionString, _prefix),
            LoggerFactory = Log.Factory,
            MessageLease = TimeSpan.FromSeconds(3), // renewed every 1.5 s: a 2 s lease (renewed each second) lapsed once when the whole suite loaded 2 cores
        });
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }) { BaseAddress = Host.BaseAddress };
        WorkQueue = new QueueClient(ConnectionString, WorkQueueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        Deliveries = new QueueClient(ConnectionString, _prefix + "-deliveries");
    }

    public static Dictionary<string, string> Settings(string connectionString, string prefix) => new()
    {
        ["AzureWebJobsStorage"] = connectionString,
        ["SampleQueue"] = prefix + "-work",
        ["SampleDeliveries"] = prefix + "-deliveries",
        ["SampleTimerSchedule"] = "*/2 * * * * *",
        ["AzureFunctionsJobHost__extensions__queues__visibilityTimeout"] = "00:00:01",
    };

    /// <summary>
    /// Waits up to <paramref name="timeout"/> until the recorded deliveries (lines such as <c>queue|text|1</c>) satisfy
    /// <paramref name="done"/>; returns them all.
    /// </summary>
    public async Task<IReadOnlyList<string>> WaitForDeliveriesAsync(Func<IReadOnlyList<string>, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await Deliveries.ExistsAsync())
            {
                foreach (var message in (await Deliveries.ReceiveMessagesAsync(32)).Value)
                {
                    _deliveries.Enqueue(message.MessageText);
                    await Deliveries.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                }
            }
            var seen = _deliveries.ToList();
            if (done(seen))
            {
                return seen;
            }
            Assert.True(DateTime.UtcNow < deadline, "Deliveries so far: " + string.Join(", ", seen));
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
        Log.Dispose();
    }
}
