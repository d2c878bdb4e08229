using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace FunctionsLocalHost;

/// <summary>
/// The worker process, started as the real host does from the app's <c>worker.config.json</c>, its output piped into
/// the log (the last lines kept for error messages). A watcher process kills it if this process dies first.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private const int KeptLines = 40;
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();

    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private int? _exitCodeKept;

    private WorkerProcess(Process process, ILogger logger)
    {
        _process = process;
        _logger = logger;
        Id = process.Id;
        Exited = process.WaitForExitAsync();
    }

    /// <summary>The process id (kept after the process ended and this object was disposed).</summary>
    public int Id { get; }

    /// <summary>Completes when the worker process has exited.</summary>
    public Task Exited { get; }

    /// <summary>The exit code once the process ended (e.g. 137 after SIGKILL), null while it runs; readable after disposal.</summary>
    public int? ExitCode
    {
        get
        {
            lock (_gate)
            {
                return _exitCodeKept ?? (_process.HasExited ? _process.ExitCode : null);
            }
        }
    }

    public string LastOutput
    {
        get
        {
            lock (_lastLines)
            {
                return string.Join(Environment.NewLine, _lastLines);
            }
        }
    }

    public static WorkerProcess Start(string appDirectory, Uri grpcUri, HostSettings settings, ILogger logger)
    {
        var configPath = Path.Combine(appDirectory, "worker.config.json");
        if (!File.Exists(configPath))
        {
            throw new InvalidOperationException($"{configPath} is missing: is {appDirectory} an isolated worker's build output?");
        }
        var description = JsonNode.Parse(File.ReadAllText(configPath))?["description"]
            ?? throw new InvalidOperationException($"{configPath} has no description.");
        var executable = description["defaultExecutablePath"]?.GetValue<string>() ?? "dotnet";
        var workerPath = description["defaultWorkerPath"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"{configPath} has no defaultWorkerPath.");
        var workerId = Guid.NewGuid().ToString();
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = appDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[]
        {
            Path.Combine(appDirectory, workerPath),
            "--functions-uri", grpcUri.ToString(),
            "--functions-worker-id", workerId,
            "--functions-request-id", Guid.NewGuid().ToString(),
            "--functions-grpc-max-message-length", int.MaxValue.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in settings.Values)
        {
            start.Environment[key] = value;
        }
        start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory;
        start.Environment["AzureWebJobsScriptRoot"] = appDirectory;
        start.Environment["AZURE_FUNCTIONS_ENVIRONMENT"] = settings.Get("AZURE_FUNCTIONS_ENVIRONMENT") ?? "Development";

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
        var worker = new WorkerProcess(process, logger);
        process.OutputDataReceived += (_, e) => worker.OnOutput(e.Data, LogLevel.Information, logger);
        process.ErrorDataReceived += (_, e) => worker.OnOutput(e.Data, LogLevel.Warning, logger);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        WatchThisProcess(process.Id);
        logger.LogInformation("Started the worker {Executable} {WorkerPath} (pid {Pid})", executable, workerPath, process.Id);
        return worker;
    }

    /// <summary>
    /// Asks the worker to stop (SIGTERM: the .NET worker does not exit when its gRPC stream ends), waits up to
    /// <paramref name="grace"/>, then kills its process tree.
    /// </summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }
        _ = SendSignal(_process.Id, SigTerm);
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _logger.LogInformation("The worker (pid {Pid}) did not exit within {Grace} s: killing it", _process.Id, grace.TotalSeconds);
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await StopAsync(TimeSpan.Zero);
        }
        lock (_gate)
        {
            _exitCodeKept = _process.ExitCode;
            _process.Dispose();
        }
    }

    private void OnOutput(string? line, LogLevel level, ILogger logger)
    {
        if (line is null)
        {
            return;
        }
        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            if (_lastLines.Count > KeptLines)
            {
                _lastLines.Dequeue();
            }
        }
        logger.Log(level, "{WorkerOutput}", line);
    }

    /// <summary>
    /// A test runner may end this process without running its exit handlers: a small shell watcher kills the worker
    /// once this process is gone, so that no worker outlives its host.
    /// </summary>
    private static void WatchThisProcess(int workerPid)
    {
        var watcher = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var arg in new[]
        {
            "-c", "while kill -0 \"$1\" 2>/dev/null && kill -0 \"$2\" 2>/dev/null; do sleep 1; done; kill -KILL \"$2\" 2>/dev/null; exit 0",
            "functions-worker-watch",
            Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            workerPid.ToString(CultureInfo.InvariantCulture),
        })
        {
            watcher.ArgumentList.Add(arg);
        }
        Process.Start(watcher)?.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
