using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SupplierAssessment.TestSupport;

/// <summary>
/// A real Azurite (from the repo's node_modules, installed by scripts/setup.sh) on free 127.0.0.1 ports, with its
/// data in a temp folder. It can be stopped and started again on the same ports and data (fault tests), and it is
/// killed, its data folder deleted, when disposed or when the test process exits (the shared one is never disposed).
/// With <c>AZURITE_DEBUG_LOG</c> set to a file path, Azurite logs every request there (its <c>--debug</c>): how the load
/// run's storage calls were counted by kind, host's included (docs/benchmarks.md). Slow; never in the suite.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    public const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly Lazy<Task<AzuriteServer>> SharedServer = new(() => StartAsync());

    private readonly string _location;
    private readonly bool _inMemory;
    private readonly int _blobPort, _queuePort, _tablePort;
    private Process? _process;

    /// <summary>Azurite's process id once started (for a benchmark's CPU accounting); null before.</summary>
    public int? ProcessId => _process?.Id;

    private AzuriteServer(string location, int blobPort, int queuePort, int tablePort, bool inMemory = false)
    {
        _location = location;
        _inMemory = inMemory;
        _blobPort = blobPort;
        _queuePort = queuePort;
        _tablePort = tablePort;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Kill();
            _process?.WaitForExit(TimeSpan.FromSeconds(2));
            DeleteData();
        };
    }

    /// <summary>One Azurite for the whole test run; tests isolate themselves with a name prefix each.</summary>
    public static Task<AzuriteServer> Shared => SharedServer.Value;

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{_blobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{_queuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{_tablePort}/{AccountName};";

    /// <summary>The blob service's endpoint, e.g. http://127.0.0.1:41000/devstoreaccount1.</summary>
    public Uri BlobEndpoint => new($"http://127.0.0.1:{_blobPort}/{AccountName}");

    /// <summary>The queue service's endpoint (a fault test puts a <see cref="TcpProxy"/> in front of its port).</summary>
    public Uri QueueEndpoint => new($"http://127.0.0.1:{_queuePort}/{AccountName}");

    /// <summary>The table service's endpoint.</summary>
    public Uri TableEndpoint => new($"http://127.0.0.1:{_tablePort}/{AccountName}");

    /// <summary>
    /// The connection string with each service at the given endpoint (<c>http://127.0.0.1:{port}/devstoreaccount1</c>);
    /// a null one is Azurite's own. For fault tests that route one service through a <see cref="TcpProxy"/>.
    /// </summary>
    public string ConnectionStringVia(Uri? blob = null, Uri? queue = null, Uri? table = null) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={blob ?? BlobEndpoint};QueueEndpoint={queue ?? QueueEndpoint};TableEndpoint={table ?? TableEndpoint};";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>
    /// A fresh Azurite of its own (for tests that stop it). <paramref name="inMemory"/>: its data in memory only
    /// (<c>--inMemoryPersistence</c>), for the load run: on disk, Azurite serializes each of its databases whole to a
    /// file every 5 s while anything changed — work that grows with all data stored so far and with the length of a run,
    /// not with its calls, which would tilt a comparison of two runs on one emulator (docs/benchmarks.md). Such an
    /// Azurite cannot be stopped and started again with its data.
    /// </summary>
    public static async Task<AzuriteServer> StartAsync(bool inMemory = false)
    {
        // A free port can be taken by another test's server between choosing it and Azurite binding it: Azurite then
        // exits at once. Such a start is tried again on new ports, a few times.
        for (var attempt = 1; ; attempt++)
        {
            var location = Path.Combine(Path.GetTempPath(), "azurite-" + Guid.NewGuid().ToString("N")[..12]);
            Directory.CreateDirectory(location);
            var server = new AzuriteServer(location, FreePort(), FreePort(), FreePort(), inMemory);
            try
            {
                await server.StartAgainAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3 && server._process is { HasExited: true })
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>Starts Azurite (again) on the same ports and data folder.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning)
        {
            return;
        }
        var azurite = Path.Combine(RepoRoot(), "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException($"Azurite is not installed at {azurite}: run scripts/setup.sh (the test command does).");
        }
        if (_inMemory && _process is not null)
        {
            throw new InvalidOperationException("An in-memory Azurite lost its data when it stopped: start a new one.");
        }
        var start = new ProcessStartInfo(azurite)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _location,
        };
        foreach (var arg in new[]
        {
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", $"{_blobPort}", "--queuePort", $"{_queuePort}", "--tablePort", $"{_tablePort}",
            "--silent", "--disableTelemetry", "--skipApiVersionCheck",
        })
        {
            start.ArgumentList.Add(arg);
        }
        // Azurite refuses --location with --inMemoryPersistence.
        foreach (var arg in _inMemory ? ["--inMemoryPersistence"] : new[] { "--location", _location })
        {
            start.ArgumentList.Add(arg);
        }
        if (Environment.GetEnvironmentVariable("AZURITE_DEBUG_LOG") is { Length: > 0 } debugLog)
        {
            start.ArgumentList.Add("--debug");
            start.ArgumentList.Add(debugLog);
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WatchTestProcess(_process.Id, _location);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        foreach (var port in new[] { _blobPort, _queuePort, _tablePort })
        {
            while (!await AcceptsAsync(port))
            {
                if (_process.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"Azurite did not listen on 127.0.0.1:{port} within 30 s.");
                }
                await Task.Delay(50);
            }
        }
        // A port that answers may be another server's that took it between choosing it and Azurite binding it: Azurite
        // then exits at once (EADDRINUSE), after its other ports answered. Caught here, the start is tried again on new
        // ports (StartAsync); missed, an app on it waited on storage that was gone (one suite run hung).
        await Task.Delay(300);
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"Azurite exited (code {_process.ExitCode}) just after its ports answered: one of them was another server's.");
        }
    }

    /// <summary>Stops Azurite the way an operator would (SIGTERM, so it writes its data out); the data folder stays.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }
        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        DeleteData();
    }

    private void DeleteData()
    {
        try
        {
            Directory.Delete(_location, recursive: true);
        }
        catch (IOException)
        {
            // already gone, or a file still held open: the temp folder is cleaned by the OS
        }
    }

    /// <summary>
    /// The test runner may end the test process without running its exit handlers: a watcher stops this Azurite once the
    /// test process is gone, and deletes its data folder, so that nothing outlives the run. (When the test stopped
    /// Azurite itself, the folder stays: the test may start it again on the same data.)
    /// </summary>
    private static void WatchTestProcess(int azuritePid, string location)
    {
        var watcher = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var arg in new[]
        {
            "-c", "while kill -0 \"$1\" 2>/dev/null && kill -0 \"$2\" 2>/dev/null; do sleep 1; done; " +
                  "kill -0 \"$1\" 2>/dev/null && exit 0; kill -TERM \"$2\" 2>/dev/null; " +
                  "kill -CONT \"$2\" 2>/dev/null; i=0; while kill -0 \"$2\" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.2; i=$((i+1)); done; " +
                  "kill -KILL \"$2\" 2>/dev/null; rm -rf \"$3\"",
            "azurite-watch", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            azuritePid.ToString(System.Globalization.CultureInfo.InvariantCulture), location,
        })
        {
            watcher.ArgumentList.Add(arg);
        }
        Process.Start(watcher)?.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SupplierAssessment.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("Run the tests from inside the repository.");
    }
}
