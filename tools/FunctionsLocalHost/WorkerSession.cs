using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FunctionsLocalHost;

/// <summary>
/// One worker's life: its own gRPC endpoint (a Kestrel on a free loopback port), its stream (<see cref="WorkerChannel"/>)
/// and its process. The host starts one at start and a new one each time the worker exits (a crash, SIGKILL, OOM);
/// nothing of a dead worker's stream is reused.
/// </summary>
internal sealed class WorkerSession : IAsyncDisposable
{
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(3);
    private readonly WebApplication _grpc;
    private int _disposed;

    private WorkerSession(WebApplication grpc, WorkerChannel channel, WorkerProcess process)
    {
        _grpc = grpc;
        Channel = channel;
        Process = process;
    }

    public WorkerChannel Channel { get; }

    public WorkerProcess Process { get; }

    /// <summary>The loaded functions by name (the ids are this worker's own), once <see cref="StartAsync"/> returned.</summary>
    public IReadOnlyDictionary<string, FunctionInfo> ByName { get; private set; } = new Dictionary<string, FunctionInfo>();

    /// <summary>The functions in the worker's order.</summary>
    public IReadOnlyList<FunctionInfo> Functions { get; private set; } = [];

    /// <summary>When its functions were loaded (for the restart back-off: a worker that ran long resets it).</summary>
    public DateTimeOffset ReadySince { get; private set; }

    /// <summary>True while the process runs and its stream is open.</summary>
    public bool IsAlive => Process.ExitCode is null && Volatile.Read(ref _disposed) == 0;

    /// <summary>
    /// Starts the gRPC endpoint and the worker and waits until the worker loaded every function. Throws
    /// <see cref="InvalidOperationException"/> (with the worker's last output) if it exits, fails to load a function or
    /// is not ready within <paramref name="timeout"/>, and <see cref="OperationCanceledException"/> when cancelled;
    /// either way nothing is left running.
    /// </summary>
    public static async Task<WorkerSession> StartAsync(
        string appDirectory, HostSettings settings, ILoggerFactory loggerFactory, Func<Action<KestrelServerOptions>, WebApplicationBuilder> createBuilder,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var channel = new WorkerChannel(settings, appDirectory, loggerFactory);
        var builder = createBuilder(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = null;
            o.MaxSendMessageSize = null;
        });
        builder.Services.AddSingleton(channel);
        var grpc = builder.Build();
        grpc.MapGrpcService<WorkerChannel>();
        WorkerProcess process;
        try
        {
            await grpc.StartAsync(cancellationToken);
            process = WorkerProcess.Start(appDirectory, LocalFunctionsHost.Address(grpc), settings, loggerFactory.CreateLogger("Worker.Output"));
        }
        catch
        {
            await grpc.DisposeAsync();
            throw;
        }
        var session = new WorkerSession(grpc, channel, process);
        try
        {
            await session.WaitForFunctionsAsync(timeout, cancellationToken);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>Ends the stream, stops the worker (SIGTERM, then a kill after 2 s) and the gRPC endpoint. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        Channel.Close();
        await Process.StopAsync(TimeSpan.FromSeconds(2));
        await Process.DisposeAsync();
        await _grpc.StopAsync(CancellationToken.None).WaitAsync(ShutdownGrace).ContinueWith(_ => { }, TaskScheduler.Default);
        await _grpc.DisposeAsync();
    }

    /// <summary>
    /// The worker announces its HTTP address before its web server listens: wait until it accepts a connection, so that
    /// no request is forwarded to a worker not yet listening (a 502). Throws <see cref="InvalidOperationException"/> if it
    /// does not within <paramref name="timeout"/> or the worker exits first.
    /// </summary>
    private async Task WaitForHttpAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (Channel.HttpUri is not { } uri)
        {
            return;
        }
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(uri.Host == "localhost" ? "127.0.0.1" : uri.Host, uri.Port, cancellationToken);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline && Process.ExitCode is null)
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                throw new InvalidOperationException(
                    $"The worker's web server at {uri} did not accept a connection ({e.Message}). The worker's last output:{Environment.NewLine}{Process.LastOutput}");
            }
        }
    }

    private async Task WaitForFunctionsAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var exited = Process.Exited;
        var finished = await Task.WhenAny(Channel.Loaded, exited, Task.Delay(timeout, cancellationToken));
        if (finished == Channel.Loaded && Channel.Loaded.IsCompletedSuccessfully)
        {
            await WaitForHttpAsync(timeout, cancellationToken);
            Functions = Channel.Loaded.Result;
            ByName = Functions.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
            ReadySince = DateTimeOffset.UtcNow;
            return;
        }
        cancellationToken.ThrowIfCancellationRequested();
        var why = finished == Channel.Loaded ? Channel.Loaded.Exception!.InnerException!.Message
            : finished == exited ? $"The worker exited with code {Process.ExitCode} before loading its functions."
            : $"The worker did not load its functions within {timeout.TotalSeconds} s.";
        throw new InvalidOperationException($"{why} The worker's last output:{Environment.NewLine}{Process.LastOutput}");
    }
}
