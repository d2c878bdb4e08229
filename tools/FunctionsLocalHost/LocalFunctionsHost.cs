using System.Collections.Concurrent;
using System.Diagnostics;
using FunctionsLocalHost.Rpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FunctionsLocalHost;

/// <summary>
/// A local stand-in for the Azure Functions host running one isolated worker: it serves the worker's gRPC stream,
/// starts the worker, loads its functions, then forwards HTTP requests to HTTP functions, polls the queues of queue
/// functions and fires timer functions, as <c>func start</c> does. When the worker exits (a crash, SIGKILL, OOM) it is
/// started again, as the real host restarts a language worker, with a back-off (1 s doubling to 30 s, back to 1 s
/// after a minute of good running); meanwhile HTTP answers 503 with Retry-After and invocations fail (queue messages
/// come back after their visibility timeout). Start it with <see cref="StartAsync"/>; dispose it to stop everything
/// (the worker process included, also while it is being restarted).
/// </summary>
public sealed class LocalFunctionsHost : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan FirstRestartDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxRestartDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan GoodRun = TimeSpan.FromMinutes(1);

    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, bool> _inFlight = new();
    private readonly List<Task> _triggers = [];
    private readonly ConcurrentDictionary<string, QueueListener> _listeners = new(StringComparer.OrdinalIgnoreCase);
    private WorkerSession _session;
    private Task _supervisor = Task.CompletedTask;
    private string? _restartProblem;
    private int _restarts;
    private TimeSpan _nextRestartDelay = FirstRestartDelay;
    private QueueOutputWriter? _outputs;
    private WebApplication? _front;
    private int _disposed;

    private LocalFunctionsHost(ILogger logger, WorkerSession session)
    {
        _logger = logger;
        _session = session;
    }

    /// <summary>The HTTP address the host listens on, e.g. <c>http://127.0.0.1:7071/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>host.json's <c>extensions.http.routePrefix</c> (default <c>api</c>) without slashes; HTTP routes live under it.</summary>
    public string RoutePrefix { get; private set; } = "";

    /// <summary>The functions the first worker declared and loaded, in the worker's order (a restarted worker's are matched by name).</summary>
    public IReadOnlyList<FunctionInfo> Functions { get; private set; } = [];

    /// <summary>The admin API's key (<see cref="LocalHostOptions.MasterKey"/>), sent as <c>x-functions-key</c>.</summary>
    public string MasterKey { get; private set; } = "";

    /// <summary>The app's health route, answered 503 by the host while it is degraded (<see cref="LocalHostOptions.HealthRoute"/>).</summary>
    internal string? HealthRoute { get; private init; }

    /// <summary>How many times a worker was started again after the previous one exited (successful restarts only).</summary>
    public int RestartCount => Volatile.Read(ref _restarts);

    /// <summary>
    /// The host's state, as the real host's <c>GET /admin/host/status</c> tells it: "Running" when the worker runs and
    /// every queue listener's last poll succeeded; "Error" when the worker exited and no new one is being started yet;
    /// "Restarting" while a new worker is being started (or waits for its back-off); else "Degraded", with each
    /// listener's problem and since when (a queue that does not exist, storage that cannot be reached). Listeners never
    /// stop on a problem: they poll on and recover by themselves. <see cref="HostStatus.Restarts"/> counts the restarts.
    /// </summary>
    public HostStatus Status()
    {
        var listeners = _listeners.Values.OrderBy(l => l.FunctionName, StringComparer.Ordinal)
            .Select(l => new ListenerStatus(l.FunctionName, l.QueueName, l.Problem?.What, l.Problem?.Since)).ToArray();
        var session = Volatile.Read(ref _session);
        var restarting = Volatile.Read(ref _restartProblem);
        var (state, problem) = restarting is not null ? ("Restarting", restarting)
            : session.Process.ExitCode is { } code ? ("Error", $"The worker exited with code {code}.")
            : listeners.Any(l => l.Problem is not null) ? ("Degraded", (string?)null)
            : ("Running", null);
        return new HostStatus(state, problem, listeners, RestartCount);
    }

    /// <summary>The current worker's process id (while a new one starts: the last one's).</summary>
    public int WorkerProcessId => Volatile.Read(ref _session).Process.Id;

    /// <summary>
    /// Starts the gRPC endpoint and the worker, waits until the worker has loaded all its functions, then starts serving
    /// HTTP, polling queues and running timers. Throws <see cref="InvalidOperationException"/> (with the worker's last
    /// output) if the worker exits, fails to load a function or is not ready within <see cref="LocalHostOptions.StartupTimeout"/>.
    /// </summary>
    public static async Task<LocalFunctionsHost> StartAsync(LocalHostOptions options, CancellationToken cancellationToken = default)
    {
        var appDirectory = Path.GetFullPath(options.AppDirectory);
        var masterKey = options.MasterKey is { Length: > 0 } given ? given
            : Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var logger = loggerFactory.CreateLogger("FunctionsLocalHost");
        var settings = new HostSettings(appDirectory, options.Settings);
        var session = await WorkerSession.StartAsync(
            appDirectory, settings, loggerFactory, listen => CreateBuilder(loggerFactory, listen), options.StartupTimeout, cancellationToken);
        var host = new LocalFunctionsHost(logger, session) { MasterKey = masterKey, Functions = session.Functions, HealthRoute = options.HealthRoute };
        try
        {
            await host.StartTriggersAsync(options, settings, loggerFactory, cancellationToken);
            host._supervisor = Task.Run(
                () => host.SuperviseAsync(appDirectory, settings, loggerFactory, options.StartupTimeout, host._stopping.Token), CancellationToken.None);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs a non-HTTP function once, as the admin endpoint <c>POST /admin/functions/{name}</c> does: a queue function
    /// gets <paramref name="input"/> as its message, a timer function a TimerInfo. Completes when the invocation does;
    /// throws <see cref="KeyNotFoundException"/> for an unknown function and <see cref="WorkerException"/> when it fails.
    /// </summary>
    public async Task InvokeAsync(string functionName, string? input = null, CancellationToken cancellationToken = default)
    {
        var function = Functions.FirstOrDefault(f => f.Name.Equals(functionName, StringComparison.OrdinalIgnoreCase))
            ?? throw new KeyNotFoundException($"No function is named {functionName}.");
        var request = function.IsTimer
            ? TimerTrigger.Request(function, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow)
            : QueueListener.OnDemandRequest(function, input ?? "");
        var result = await RunAsync(function, request, cancellationToken);
        if (result.Status != StatusResult.Types.Status.Success)
        {
            throw new WorkerException(result.Exception ?? new Rpc.RpcException { Message = result.Result });
        }
    }

    /// <summary>
    /// Stops restarting, polling and timers, waits briefly for invocations in flight, ends the stream and the worker
    /// (a worker being started again is stopped too).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stopping.CancelAsync();
        // The supervisor owns any worker it is starting: once it has ended, _session is the only worker left.
        await _supervisor.ContinueWith(_ => { }, TaskScheduler.Default);
        if (_front is not null)
        {
            await _front.StopAsync(CancellationToken.None).WaitAsync(ShutdownGrace).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        await Task.WhenAll(_triggers.Concat(_inFlight.Keys)).WaitAsync(ShutdownGrace).ContinueWith(_ => { }, TaskScheduler.Default);
        await Volatile.Read(ref _session).DisposeAsync();
        if (_front is not null)
        {
            await _front.DisposeAsync();
        }
        _stopping.Dispose();
        _logger.LogInformation("The host stopped");
    }

    /// <summary>The worker that can take invocations now, or null while none is running (it exited, or is being started again).</summary>
    internal WorkerSession? ReadyWorker => Volatile.Read(ref _session) is { IsAlive: true } session && Volatile.Read(ref _restartProblem) is null ? session : null;

    /// <summary>How long a client should wait before trying again while no worker is ready (HTTP's Retry-After), in whole seconds.</summary>
    internal int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(_nextRestartDelay.TotalSeconds) + 1);

    /// <summary>
    /// Waits for the current worker to exit and starts a new one, for as long as the host is not being disposed: logs
    /// the exit (Error, with the exit code), waits the back-off, starts a new worker and waits for its functions; a
    /// failed start is logged and tried again after a longer back-off. A worker started while the host is being
    /// disposed is stopped here.
    /// </summary>
    private async Task SuperviseAsync(string appDirectory, HostSettings settings, ILoggerFactory loggerFactory, TimeSpan startupTimeout, CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var session = Volatile.Read(ref _session);
                await session.Process.Exited.WaitAsync(stopping);
                if (DateTimeOffset.UtcNow - session.ReadySince >= GoodRun)
                {
                    _nextRestartDelay = FirstRestartDelay;
                }
                var exited = $"The worker (pid {session.Process.Id}) exited with code {session.Process.ExitCode}";
                _logger.LogError("The worker (pid {Pid}) exited with code {ExitCode}; starting a new one in {Delay} s. Its last output:{NewLine}{LastOutput}",
                    session.Process.Id, session.Process.ExitCode, _nextRestartDelay.TotalSeconds, Environment.NewLine, session.Process.LastOutput);
                Volatile.Write(ref _restartProblem, exited + "; a new worker is being started.");
                await session.DisposeAsync(); // its stream: every invocation still waiting on it fails now
                while (true)
                {
                    await Task.Delay(_nextRestartDelay, stopping);
                    _nextRestartDelay = TimeSpan.FromTicks(Math.Min(_nextRestartDelay.Ticks * 2, MaxRestartDelay.Ticks));
                    try
                    {
                        var started = await WorkerSession.StartAsync(
                            appDirectory, settings, loggerFactory, listen => CreateBuilder(loggerFactory, listen), startupTimeout, stopping);
                        if (stopping.IsCancellationRequested)
                        {
                            await started.DisposeAsync();
                            return;
                        }
                        var missing = Functions.Select(f => f.Name).Except(started.ByName.Keys, StringComparer.OrdinalIgnoreCase).ToList();
                        if (missing.Count > 0)
                        {
                            _logger.LogWarning("The new worker lacks {Functions}: their invocations fail", string.Join(", ", missing));
                        }
                        Volatile.Write(ref _session, started);
                        Volatile.Write(ref _restartProblem, null);
                        var count = Interlocked.Increment(ref _restarts);
                        _logger.LogWarning("The worker was started again (pid {Pid}, restart {Count}); the host serves requests again", started.Process.Id, count);
                        break;
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        _logger.LogError("Starting a new worker failed ({Error}); trying again in {Delay} s", e.Message, _nextRestartDelay.TotalSeconds);
                        Volatile.Write(ref _restartProblem, $"{exited}; starting a new one failed: {e.Message.Split(Environment.NewLine)[0]}");
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // the host is being disposed
        }
        catch (Exception e)
        {
            _logger.LogCritical(e, "The worker supervisor failed: the worker will not be restarted");
            Volatile.Write(ref _restartProblem, $"The worker supervisor failed: {e.Message}");
        }
    }

    /// <summary>
    /// Sends one invocation, logs its failure with the function's name, and tracks it so that shutdown waits for it.
    /// A broken stream counts as a failure.
    /// </summary>
    internal async Task<StatusResult> RunAsync(FunctionInfo function, InvocationRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.InvocationId))
        {
            request.InvocationId = Guid.NewGuid().ToString();
        }
        request.TraceContext = new RpcTraceContext { TraceParent = $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-00" };
        var run = Invoke(function, request, cancellationToken);
        _inFlight[run] = true;
        try
        {
            return await run;
        }
        finally
        {
            _inFlight.TryRemove(run, out _);
        }
    }

    private async Task<StatusResult> Invoke(FunctionInfo function, InvocationRequest request, CancellationToken cancellationToken)
    {
        StatusResult result;
        try
        {
            var session = ReadyWorker ?? throw new InvalidOperationException("No worker is running: it exited and is being started again.");
            request.FunctionId = session.ByName.TryGetValue(function.Name, out var loaded) ? loaded.Id
                : throw new InvalidOperationException($"The running worker has no function {function.Name}.");
            var response = await session.Channel.InvokeAsync(request, cancellationToken);
            result = response.Result;
            if (result.Status == StatusResult.Types.Status.Success && function.QueueOutputs.Count > 0)
            {
                await _outputs!.WriteAsync(function, response, cancellationToken);
            }
        }
        catch (InvalidOperationException e)
        {
            result = new StatusResult { Status = StatusResult.Types.Status.Failure, Result = e.Message };
        }
        catch (Azure.RequestFailedException e)
        {
            // As the real host: an output binding that cannot be written fails the invocation, so its trigger retries.
            result = new StatusResult { Status = StatusResult.Types.Status.Failure, Result = $"Its queue output could not be written: {e.Message}" };
        }
        if (result.Status != StatusResult.Types.Status.Success)
        {
            _logger.LogError(
                result.Exception is null ? null : new WorkerException(result.Exception),
                "Function {Function} failed (invocation {InvocationId}): {Error}",
                function.Name, request.InvocationId, WorkerChannel.Describe(result));
        }
        return result;
    }

    private async Task StartTriggersAsync(LocalHostOptions options, HostSettings settings, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var front = CreateBuilder(loggerFactory, kestrel =>
        {
            kestrel.Listen(System.Net.IPAddress.Loopback, options.Port);
            // As the real host (FUNCTIONS_REQUEST_BODY_SIZE_LIMIT's default, 100 MiB): the worker sets its own lower limits.
            kestrel.Limits.MaxRequestBodySize = 100 * 1024 * 1024;
        });
        _front = HttpFrontend.Build(front, this, settings);
        await _front.StartAsync(cancellationToken);
        BaseAddress = Address(_front);
        RoutePrefix = settings.RoutePrefix;

        _outputs = new QueueOutputWriter(settings, queue => _listeners.GetValueOrDefault(queue)?.Wake());
        foreach (var function in Functions)
        {
            if (settings.IsDisabled(function.Name))
            {
                _logger.LogInformation("Function {Function} is disabled (AzureWebJobs.{Function}.Disabled): its trigger does not run", function.Name, function.Name);
            }
            else if (function.IsQueue)
            {
                var listener = new QueueListener(this, function, settings, options.MessageLease, loggerFactory.CreateLogger("FunctionsLocalHost.Queues"));
                _listeners[function.QueueName!] = listener;
                _triggers.Add(Task.Run(() => listener.RunAsync(_stopping.Token), CancellationToken.None));
            }
            else if (function.IsTimer)
            {
                var timer = new TimerTrigger(this, function, loggerFactory.CreateLogger("FunctionsLocalHost.Timers"));
                _triggers.Add(Task.Run(() => timer.RunAsync(_stopping.Token), CancellationToken.None));
            }
        }
        _logger.LogInformation("The host is listening on {Address} with {Count} functions", BaseAddress, Functions.Count);
    }

    /// <summary>
    /// A web server of the host's own (gRPC or HTTP). Its ASP.NET Core, gRPC and YARP logs go to the host's log from
    /// Warning up only: their request lines hold paths, and a path can hold a key (a supplier's link), which no log may keep.
    /// </summary>
    private static WebApplicationBuilder CreateBuilder(ILoggerFactory loggerFactory, Action<KestrelServerOptions> listen)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.ConfigureKestrel(listen);
        builder.Services.AddSingleton<ILoggerFactory>(new FilteredLoggerFactory(loggerFactory));
        return builder;
    }

    /// <summary>The given factory's loggers, quiet below Warning for the web servers' own categories; disposing leaves the given factory alone.</summary>
    private sealed class FilteredLoggerFactory(ILoggerFactory inner) : ILoggerFactory
    {
        private static readonly string[] Quiet = ["Microsoft.AspNetCore", "Grpc", "Yarp"];

        public ILogger CreateLogger(string categoryName) =>
            Quiet.Any(q => categoryName.StartsWith(q, StringComparison.Ordinal)) ? new AtLeastWarning(inner.CreateLogger(categoryName)) : inner.CreateLogger(categoryName);

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose()
        {
        }

        private sealed class AtLeastWarning(ILogger inner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && inner.IsEnabled(logLevel);

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    inner.Log(logLevel, eventId, state, exception, formatter);
                }
            }
        }
    }

    internal static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
}

/// <summary>What <see cref="LocalFunctionsHost.Status"/> answers: the state, why when not running, each queue listener, and the restarts so far.</summary>
/// <param name="Restarts">How many times the worker was started again after exiting.</param>
public sealed record HostStatus(string State, string? Problem, IReadOnlyList<ListenerStatus> Listeners, int Restarts = 0);

/// <summary>One queue listener: its function, its queue, and its problem (null when its last poll succeeded) since when.</summary>
public sealed record ListenerStatus(string Function, string Queue, string? Problem, DateTimeOffset? Since);
