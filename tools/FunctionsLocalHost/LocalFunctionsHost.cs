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
/// functions and fires timer functions, as <c>func start</c> does. Start it with <see cref="StartAsync"/>; dispose it
/// to stop everything (the worker process included).
/// </summary>
public sealed class LocalFunctionsHost : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(3);

    private readonly ILogger _logger;
    private readonly WebApplication _grpc;
    private readonly WorkerChannel _channel;
    private readonly WorkerProcess _worker;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, bool> _inFlight = new();
    private readonly List<Task> _triggers = [];
    private readonly ConcurrentDictionary<string, QueueListener> _listeners = new(StringComparer.OrdinalIgnoreCase);
    private QueueOutputWriter? _outputs;
    private WebApplication? _front;
    private int _disposed;

    private LocalFunctionsHost(ILogger logger, WebApplication grpc, WorkerChannel channel, WorkerProcess worker)
    {
        _logger = logger;
        _grpc = grpc;
        _channel = channel;
        _worker = worker;
    }

    /// <summary>The HTTP address the host listens on, e.g. <c>http://127.0.0.1:7071/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>host.json's <c>extensions.http.routePrefix</c> (default <c>api</c>) without slashes; HTTP routes live under it.</summary>
    public string RoutePrefix { get; private set; } = "";

    /// <summary>The functions the worker declared and loaded, in the worker's order.</summary>
    public IReadOnlyList<FunctionInfo> Functions { get; private set; } = [];

    /// <summary>The admin API's key (<see cref="LocalHostOptions.MasterKey"/>), sent as <c>x-functions-key</c>.</summary>
    public string MasterKey { get; private set; } = "";

    /// <summary>
    /// The host's state, as the real host's <c>GET /admin/host/status</c> tells it: "Running" when the worker runs and
    /// every queue listener's last poll succeeded; "Error" when the worker exited; else "Degraded", with each listener's
    /// problem and since when (a queue that does not exist, storage that cannot be reached). Listeners never stop on a
    /// problem: they poll on and recover by themselves.
    /// </summary>
    public HostStatus Status()
    {
        var listeners = _listeners.Values.OrderBy(l => l.FunctionName, StringComparer.Ordinal)
            .Select(l => new ListenerStatus(l.FunctionName, l.QueueName, l.Problem?.What, l.Problem?.Since)).ToArray();
        var state = _worker.ExitCode is not null ? "Error" : listeners.Any(l => l.Problem is not null) ? "Degraded" : "Running";
        return new HostStatus(state, _worker.ExitCode is { } code ? $"The worker exited with code {code}." : null, listeners);
    }

    /// <summary>The worker's process id.</summary>
    public int WorkerProcessId => _worker.Id;

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
        var channel = new WorkerChannel(settings, appDirectory, loggerFactory);

        var grpc = CreateBuilder(loggerFactory, kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        grpc.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = null;
            o.MaxSendMessageSize = null;
        });
        grpc.Services.AddSingleton(channel);
        var grpcApp = grpc.Build();
        grpcApp.MapGrpcService<WorkerChannel>();
        await grpcApp.StartAsync(cancellationToken);

        WorkerProcess worker;
        try
        {
            worker = WorkerProcess.Start(appDirectory, Address(grpcApp), settings, loggerFactory.CreateLogger("Worker.Output"));
        }
        catch
        {
            await grpcApp.DisposeAsync();
            throw;
        }
        var host = new LocalFunctionsHost(logger, grpcApp, channel, worker) { MasterKey = masterKey };
        try
        {
            host.Functions = await host.WaitForFunctionsAsync(options.StartupTimeout, cancellationToken);
            await host.StartTriggersAsync(options, settings, loggerFactory, cancellationToken);
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

    /// <summary>Stops polling and timers, waits briefly for invocations in flight, ends the stream and the worker.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _stopping.CancelAsync();
        if (_front is not null)
        {
            await _front.StopAsync(CancellationToken.None).WaitAsync(ShutdownGrace).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        await Task.WhenAll(_triggers.Concat(_inFlight.Keys)).WaitAsync(ShutdownGrace).ContinueWith(_ => { }, TaskScheduler.Default);
        _channel.Close();
        await _worker.StopAsync(TimeSpan.FromSeconds(2));
        await _worker.DisposeAsync();
        await _grpc.StopAsync(CancellationToken.None).WaitAsync(ShutdownGrace).ContinueWith(_ => { }, TaskScheduler.Default);
        await _grpc.DisposeAsync();
        if (_front is not null)
        {
            await _front.DisposeAsync();
        }
        _stopping.Dispose();
        _logger.LogInformation("The host stopped");
    }

    /// <summary>
    /// Sends one invocation, logs its failure with the function's name, and tracks it so that shutdown waits for it.
    /// A broken stream counts as a failure.
    /// </summary>
    internal async Task<StatusResult> RunAsync(FunctionInfo function, InvocationRequest request, CancellationToken cancellationToken)
    {
        request.FunctionId = function.Id;
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
            var response = await _channel.InvokeAsync(request, cancellationToken);
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

    private async Task<IReadOnlyList<FunctionInfo>> WaitForFunctionsAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var exited = _worker.Exited;
        var finished = await Task.WhenAny(_channel.Loaded, exited, Task.Delay(timeout, cancellationToken));
        if (finished == _channel.Loaded && _channel.Loaded.IsCompletedSuccessfully)
        {
            return _channel.Loaded.Result;
        }
        cancellationToken.ThrowIfCancellationRequested();
        var why = finished == _channel.Loaded ? _channel.Loaded.Exception!.InnerException!.Message
            : finished == exited ? $"The worker exited with code {_worker.ExitCode} before loading its functions."
            : $"The worker did not load its functions within {timeout.TotalSeconds} s.";
        throw new InvalidOperationException($"{why} The worker's last output:{Environment.NewLine}{_worker.LastOutput}");
    }

    private async Task StartTriggersAsync(LocalHostOptions options, HostSettings settings, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var front = CreateBuilder(loggerFactory, kestrel =>
        {
            kestrel.Listen(System.Net.IPAddress.Loopback, options.Port);
            // As the real host (FUNCTIONS_REQUEST_BODY_SIZE_LIMIT's default, 100 MiB): the worker sets its own lower limits.
            kestrel.Limits.MaxRequestBodySize = 100 * 1024 * 1024;
        });
        _front = HttpFrontend.Build(front, this, _channel, settings);
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

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
}

/// <summary>What <see cref="LocalFunctionsHost.Status"/> answers: the state, why when not running, and each queue listener.</summary>
public sealed record HostStatus(string State, string? Problem, IReadOnlyList<ListenerStatus> Listeners);

/// <summary>One queue listener: its function, its queue, and its problem (null when its last poll succeeded) since when.</summary>
public sealed record ListenerStatus(string Function, string Queue, string? Problem, DateTimeOffset? Since);
