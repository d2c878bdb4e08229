using System.Collections.Concurrent;
using System.Reflection;
using FunctionsLocalHost;
using Microsoft.Extensions.Logging;

namespace SupplierAssessment.Functions.Tests;

/// <summary>
/// The built function app (functions/bin), run by the local Functions host (tools/FunctionsLocalHost) on 127.0.0.1
/// at a free port, as <c>scripts/run.sh</c> runs it: real HTTP, the worker in its own process, spoken to over gRPC.
/// </summary>
public static class FunctionApp
{
    /// <summary>The worker's build output, written into this assembly by the test project.</summary>
    public static string WorkerDirectory { get; } = typeof(FunctionApp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "WorkerDirectory").Value!;

    /// <summary>Starts the host and the worker with these settings (local.settings.json's Values), logging into <paramref name="log"/>.</summary>
    public static Task<LocalFunctionsHost> StartAsync(IReadOnlyDictionary<string, string> settings, HostLog log) =>
        LocalFunctionsHost.StartAsync(new LocalHostOptions
        {
            AppDirectory = WorkerDirectory,
            Settings = new Dictionary<string, string>(settings)
            {
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:SupplierAssessment"] = "Information",
            },
            LoggerFactory = LoggerFactory.Create(b => b.AddProvider(log).SetMinimumLevel(LogLevel.Information)),
            // A message whose settling failed in a storage outage comes back after 5 s, not the real host's 10 minutes.
            MessageLease = TimeSpan.FromSeconds(5),
        });

    /// <summary>
    /// Waits until the app answers <c>GET /api/procurements</c> for <paramref name="client"/> (a project manager): its
    /// storage is created in the background at start. 30 s at most in all, and not at all once <paramref name="azurite"/>
    /// has stopped — counted in time, not in tries, since with storage gone each try takes the storage client's retries
    /// (one suite run hung here, 150 tries long, on an Azurite that had exited). Throws <see cref="TimeoutException"/>
    /// saying which, with <paramref name="log"/>.
    /// </summary>
    public static async Task WaitForStorageAsync(HttpClient client, SupplierAssessment.TestSupport.AzuriteServer azurite, Func<string> log)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && azurite.IsRunning)
        {
            using var probe = await client.GetAsync("/api/procurements");
            if (probe.IsSuccessStatusCode)
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The app's storage was not ready within 30 s (Azurite {(azurite.IsRunning ? "running" : "not running")}). Log:\n{log()}");
    }
}

/// <summary>The host's and the worker's log lines, kept in memory: a test can assert what was logged, and a failure can show it.</summary>
public sealed class HostLog : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines);

    public void Dispose()
    {
    }

    public override string ToString() => string.Join('\n', _lines.TakeLast(60));

    private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.Message)}");
            while (lines.Count > 5000 && lines.TryDequeue(out _))
            {
            }
        }
    }
}
