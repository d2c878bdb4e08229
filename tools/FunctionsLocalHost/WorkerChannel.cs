using System.Collections.Concurrent;
using System.Threading.Channels;
using FunctionsLocalHost.Rpc;
using Grpc.Core;
using RpcException = FunctionsLocalHost.Rpc.RpcException;
using Microsoft.Extensions.Logging;

namespace FunctionsLocalHost;

/// <summary>
/// The host's end of the worker's gRPC stream (<c>FunctionRpc.EventStream</c>): init, metadata, one load request per
/// function, then invocations and the worker's logs. One worker, one stream.
/// </summary>
internal sealed class WorkerChannel(HostSettings settings, string appDirectory, ILoggerFactory loggerFactory) : FunctionRpc.FunctionRpcBase
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("FunctionsLocalHost.WorkerChannel");
    private readonly Channel<StreamingMessage> _outgoing = Channel.CreateUnbounded<StreamingMessage>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<InvocationResponse>> _pending = new();
    private readonly TaskCompletionSource<IReadOnlyList<FunctionInfo>> _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<FunctionInfo> _functions = [];
    private readonly List<string> _loadFailures = [];
    private int _awaitingLoad;

    /// <summary>Completes with the loaded functions once the worker has answered every load request; fails if it cannot.</summary>
    public Task<IReadOnlyList<FunctionInfo>> Loaded => _loaded.Task;

    /// <summary>The worker's own HTTP address (its <c>HttpUri</c> capability), for forwarding HTTP requests.</summary>
    public Uri? HttpUri { get; private set; }

    /// <summary>Serves the stream until either side ends it: the worker's call completes when <see cref="Close"/> is called.</summary>
    public override async Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
    {
        _ = ReadAllAsync(requestStream, context.CancellationToken);
        await WriteAllAsync(responseStream, context.CancellationToken);
    }

    /// <summary>
    /// Sends one invocation and waits for the worker's answer (its status, output data and return value); throws
    /// <see cref="InvalidOperationException"/> if the stream ends first.
    /// </summary>
    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<InvocationResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[request.InvocationId] = answer;
        try
        {
            if (!_outgoing.Writer.TryWrite(new StreamingMessage { InvocationRequest = request }))
            {
                throw new InvalidOperationException("The worker's stream has ended.");
            }
            return await answer.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _pending.TryRemove(request.InvocationId, out _);
        }
    }

    /// <summary>Ends the stream from the host's side (the worker sees its call complete).</summary>
    public void Close() => _outgoing.Writer.TryComplete();

    private async Task ReadAllAsync(IAsyncStreamReader<StreamingMessage> requestStream, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in requestStream.ReadAllAsync(cancellationToken))
            {
                Handle(message);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException or Grpc.Core.RpcException)
        {
            _logger.LogDebug(e, "Reading the worker's stream stopped");
        }
        finally
        {
            _outgoing.Writer.TryComplete();
            var ended = new InvalidOperationException("The worker's stream ended.");
            _loaded.TrySetException(ended);
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(ended);
            }
        }
    }

    private async Task WriteAllAsync(IServerStreamWriter<StreamingMessage> responseStream, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync(cancellationToken))
            {
                await responseStream.WriteAsync(message, cancellationToken);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
        {
            _logger.LogDebug(e, "Writing to the worker's stream stopped");
        }
    }

    private void Handle(StreamingMessage message)
    {
        switch (message.ContentCase)
        {
            case StreamingMessage.ContentOneofCase.StartStream:
                Send(new StreamingMessage
                {
                    WorkerInitRequest = new WorkerInitRequest
                    {
                        HostVersion = "4.0.0-local",
                        WorkerDirectory = appDirectory,
                        FunctionAppDirectory = appDirectory,
                    },
                });
                break;
            case StreamingMessage.ContentOneofCase.WorkerInitResponse:
                OnInit(message.WorkerInitResponse);
                break;
            case StreamingMessage.ContentOneofCase.FunctionMetadataResponse:
                OnMetadata(message.FunctionMetadataResponse);
                break;
            case StreamingMessage.ContentOneofCase.FunctionLoadResponse:
                OnLoad(message.FunctionLoadResponse);
                break;
            case StreamingMessage.ContentOneofCase.InvocationResponse:
                if (_pending.TryGetValue(message.InvocationResponse.InvocationId, out var pending))
                {
                    pending.TrySetResult(message.InvocationResponse);
                }
                break;
            case StreamingMessage.ContentOneofCase.RpcLog:
                OnLog(message.RpcLog);
                break;
            default:
                _logger.LogDebug("Ignored a {Message} message from the worker", message.ContentCase);
                break;
        }
    }

    private void OnInit(WorkerInitResponse response)
    {
        if (response.Result.Status != StatusResult.Types.Status.Success)
        {
            _loaded.TrySetException(new InvalidOperationException($"The worker failed to initialize: {Describe(response.Result)}"));
            return;
        }
        if (response.Capabilities.TryGetValue("HttpUri", out var httpUri))
        {
            HttpUri = new Uri(httpUri);
        }
        Send(new StreamingMessage { FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = appDirectory } });
    }

    private void OnMetadata(FunctionMetadataResponse response)
    {
        if (response.Result.Status != StatusResult.Types.Status.Success)
        {
            _loaded.TrySetException(new InvalidOperationException($"The worker failed to list its functions: {Describe(response.Result)}"));
            return;
        }
        try
        {
            lock (_functions)
            {
                _functions.AddRange(response.FunctionMetadataResults.Select(m => FunctionInfo.From(m, settings)));
                _awaitingLoad = _functions.Count;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.Text.Json.JsonException)
        {
            _loaded.TrySetException(e);
            return;
        }
        if (_functions.Count == 0)
        {
            _loaded.TrySetResult([]);
        }
        foreach (var function in _functions)
        {
            Send(new StreamingMessage { FunctionLoadRequest = new FunctionLoadRequest { FunctionId = function.Id, Metadata = function.Metadata } });
        }
    }

    private void OnLoad(FunctionLoadResponse response)
    {
        lock (_functions)
        {
            if (response.Result.Status != StatusResult.Types.Status.Success)
            {
                var name = _functions.FirstOrDefault(f => f.Id == response.FunctionId)?.Name ?? response.FunctionId;
                _loadFailures.Add($"{name}: {Describe(response.Result)}");
            }
            if (--_awaitingLoad > 0)
            {
                return;
            }
        }
        if (_loadFailures.Count > 0)
        {
            _loaded.TrySetException(new InvalidOperationException("The worker failed to load " + string.Join("; ", _loadFailures)));
        }
        else
        {
            _loaded.TrySetResult(_functions.AsReadOnly());
        }
    }

    private void OnLog(RpcLog log)
    {
        var level = log.Level switch
        {
            RpcLog.Types.Level.Trace => LogLevel.Trace,
            RpcLog.Types.Level.Debug => LogLevel.Debug,
            RpcLog.Types.Level.Information => LogLevel.Information,
            RpcLog.Types.Level.Warning => LogLevel.Warning,
            RpcLog.Types.Level.Error => LogLevel.Error,
            RpcLog.Types.Level.Critical => LogLevel.Critical,
            _ => LogLevel.None,
        };
        var exception = log.Exception is null ? null : new WorkerException(log.Exception);
        loggerFactory.CreateLogger(string.IsNullOrEmpty(log.Category) ? "Worker" : log.Category)
            .Log(level, exception, "{WorkerMessage}", log.Message);
    }

    private void Send(StreamingMessage message) => _outgoing.Writer.TryWrite(message);

    internal static string Describe(StatusResult result) =>
        result.Exception is { } e ? $"{e.Type} {e.Message}".Trim() : result.Result;
}

/// <summary>An exception thrown in the worker, as the worker reported it (type, message and stack trace as text).</summary>
public sealed class WorkerException : Exception
{
    internal WorkerException(RpcException exception)
        : base(string.IsNullOrEmpty(exception.Type) ? exception.Message : $"{exception.Type}: {exception.Message}")
    {
        WorkerStackTrace = exception.StackTrace;
    }

    /// <summary>The stack trace in the worker, as text.</summary>
    public string WorkerStackTrace { get; }

    public override string ToString() => Message + Environment.NewLine + WorkerStackTrace;
}
