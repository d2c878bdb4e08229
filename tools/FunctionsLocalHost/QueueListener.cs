using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using FunctionsLocalHost.Rpc;
using Microsoft.Extensions.Logging;

namespace FunctionsLocalHost;

/// <summary>
/// Polls one queue function's queue with host.json's <c>extensions.queues</c> semantics: batches of
/// <c>batchSize</c> processed concurrently, more fetched once at most <c>newBatchThreshold</c> are in flight (unset:
/// half a batch per processor, 16 on two cores with batchSize 16, as the real host's <c>QueuesOptions</c> counts in
/// Microsoft.Azure.WebJobs.Extensions.Storage.Queues 5.x off the Consumption SKU), polled again at once after a
/// non-empty batch, exponential back-off from 100 ms to <c>maxPollingInterval</c> while empty; success deletes the
/// message, failure makes it visible again after <c>visibilityTimeout</c>, or moves it to <c>&lt;queue&gt;-poison</c>
/// once it has been delivered <c>maxDequeueCount</c> times. A message this host's queue output bindings add wakes it
/// at once (<see cref="Wake"/>). Storage errors are logged and polling goes on.
/// </summary>
internal sealed class QueueListener
{
    internal static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    private readonly LocalFunctionsHost _host;
    private readonly FunctionInfo _function;
    private readonly QueueOptions _options;
    private readonly ILogger _logger;
    private readonly QueueClient _queue;
    private readonly QueueClient _poison;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private bool _poisonCreated;

    private readonly TimeSpan _lease;

    public QueueListener(LocalFunctionsHost host, FunctionInfo function, HostSettings settings, TimeSpan lease, ILogger logger)
    {
        _lease = lease;
        _host = host;
        _function = function;
        _options = settings.Queues;
        _logger = logger;
        var connection = settings.Get(function.Connection!)
            ?? throw new InvalidOperationException($"{function.Name}: the connection setting {function.Connection} is not set.");
        // Messages are read and written as stored (no SDK encoding): the host decodes base64 itself, so that one bad
        // message cannot fail a whole batch, and poison messages keep their original bytes.
        // Few, quick retries: the poll loop has its own back-off, and storage being down must show in the log at once.
        var clientOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };
        clientOptions.Retry.MaxRetries = 2;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(100);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        // Storage that accepts and never answers (a frozen emulator) fails a poll within about half a minute (three tries
        // of 10 s) instead of the SDK's 100 s a try, so the listener's problem shows in the status and /health.
        clientOptions.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        _queue = new QueueClient(connection, function.QueueName, clientOptions);
        _poison = new QueueClient(connection, function.QueueName + "-poison", clientOptions);
    }

    /// <summary>The invocation the admin endpoint sends: <paramref name="text"/> as a first delivery of a new message.</summary>
    public static InvocationRequest OnDemandRequest(FunctionInfo function, string text)
    {
        var now = DateTimeOffset.UtcNow;
        return Request(function, text, QueuesModelFactory.QueueMessage(
            Guid.NewGuid().ToString(), "", text, 1, now, now, now.AddDays(7)));
    }

    /// <summary>A message was just added to this queue by this host (an output binding): poll now, not after the back-off.</summary>
    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // already woken
        }
    }

    /// <summary>The function this listener feeds.</summary>
    public string FunctionName => _function.Name;

    /// <summary>The queue it polls.</summary>
    public string QueueName => _queue.Name;

    /// <summary>Null while the last poll succeeded; else what goes wrong, since when (for the host status).</summary>
    public (string What, DateTimeOffset Since)? Problem { get; private set; }

    public async Task RunAsync(CancellationToken stopping)
    {
        var delay = MinPollingInterval;
        var threshold = _options.Threshold;
        var inFlight = new List<Task>();
        string? lastProblem = null;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                inFlight.RemoveAll(t => t.IsCompleted);
                if (inFlight.Count > threshold)
                {
                    await Task.WhenAny(inFlight);
                    continue;
                }
                var leased = TimeProvider.System.GetTimestamp();
                QueueMessage[] messages = await _queue.ReceiveMessagesAsync(_options.BatchSize, _lease, stopping);
                if (Problem is { } was)
                {
                    _logger.LogInformation("Queue {Queue} of {Function} can be read again ({Problem} since {Since:HH:mm:ss} UTC)", _queue.Name, _function.Name, was.What, was.Since);
                }
                lastProblem = null;
                Problem = null;
                if (messages.Length == 0)
                {
                    var woken = await _wake.WaitAsync(delay, stopping);
                    delay = woken ? MinPollingInterval : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxPollingInterval.Ticks));
                    continue;
                }
                delay = MinPollingInterval;
                inFlight.AddRange(messages.Select(m => Task.Run(() => ProcessAsync(m, leased), CancellationToken.None)));
            }
            catch (Exception e) when (stopping.IsCancellationRequested && e is OperationCanceledException or AggregateException)
            {
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stopping.IsCancellationRequested)
            {
                // Whatever fails, the loop goes on (a listener never dies silently): storage errors as warnings, anything else as errors.
                var problem = e is RequestFailedException { ErrorCode: "QueueNotFound" } ? "does not exist yet"
                    : e is AggregateException retried ? "cannot be read: " + retried.InnerExceptions[^1].Message // the last try's reason, not the SDK's "Retry failed after 3 tries"
                    : e is RequestFailedException or HttpRequestException ? "cannot be read: " + e.Message
                    : $"failed: {e.GetType().Name}: {e.Message}";
                Problem ??= (problem, DateTimeOffset.UtcNow);
                if (problem != lastProblem)
                {
                    if (e is RequestFailedException or HttpRequestException or AggregateException)
                    {
                        _logger.LogWarning("Queue {Queue} of {Function} {Problem}; polling goes on", _queue.Name, _function.Name, problem);
                    }
                    else
                    {
                        _logger.LogError(e, "Queue {Queue} of {Function} {Problem}; polling goes on", _queue.Name, _function.Name, problem);
                    }
                    lastProblem = problem;
                }
                await Task.Delay(delay, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxPollingInterval.Ticks));
            }
        }
        await Task.WhenAll(inFlight);
    }

    private async Task ProcessAsync(QueueMessage message, long leased)
    {
        var receipt = new Receipt(message.PopReceipt);
        using var running = new CancellationTokenSource();
        var renewing = RenewWhileRunningAsync(message, receipt, leased, running.Token);
        try
        {
            var text = Decode(message);
            var succeeded = text is not null && message.DequeueCount <= _options.MaxDequeueCount
                && (await _host.RunAsync(_function, Request(_function, text, message), CancellationToken.None)).Status == StatusResult.Types.Status.Success;
            await running.CancelAsync();
            await renewing;
            if (succeeded)
            {
                await _queue.DeleteMessageAsync(message.MessageId, receipt.Value);
            }
            else if (text is null || message.DequeueCount >= _options.MaxDequeueCount)
            {
                await MoveToPoisonAsync(message, receipt.Value);
            }
            else
            {
                await _queue.UpdateMessageAsync(message.MessageId, receipt.Value, visibilityTimeout: _options.VisibilityTimeout);
            }
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException)
        {
            _logger.LogWarning("Message {MessageId} on {Queue} could not be settled ({Error}); it will be seen again within {Lease}",
                message.MessageId, _queue.Name, e.Message, _lease);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The worker's stream broke, or anything else: the message is not lost — it shows again when its lease ends.
            _logger.LogError(e, "Message {MessageId} on {Queue} could not be processed; it will be seen again within {Lease}", message.MessageId, _queue.Name, _lease);
        }
        finally
        {
            await running.CancelAsync();
            await renewing;
        }
    }

    /// <summary>
    /// As the real host: while the function runs, the message's invisibility is renewed at half the lease, counted from
    /// when the lease was asked for (<paramref name="leased"/>, a <see cref="TimeProvider.GetTimestamp"/>), not from when
    /// a busy thread pool got round to the message.
    /// </summary>
    private async Task RenewWhileRunningAsync(QueueMessage message, Receipt receipt, long leased, CancellationToken running)
    {
        try
        {
            while (true)
            {
                var due = _lease / 2 - TimeProvider.System.GetElapsedTime(leased);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, running);
                }
                leased = TimeProvider.System.GetTimestamp();
                var renewed = await _queue.UpdateMessageAsync(message.MessageId, receipt.Value, visibilityTimeout: _lease, cancellationToken: running);
                receipt.Value = renewed.Value.PopReceipt;
            }
        }
        catch (OperationCanceledException)
        {
            // settled: stop renewing
        }
        catch (Exception e) when (e is RequestFailedException or HttpRequestException)
        {
            _logger.LogWarning("The lease of message {MessageId} on {Queue} could not be renewed ({Error})", message.MessageId, _queue.Name, e.Message);
        }
    }

    /// <summary>The message's current pop receipt: each renewal gives a new one, which settling must use.</summary>
    private sealed class Receipt(string value)
    {
        public string Value { get; set; } = value;
    }

    private async Task MoveToPoisonAsync(QueueMessage message, string popReceipt)
    {
        if (!_poisonCreated)
        {
            await _poison.CreateIfNotExistsAsync();
            _poisonCreated = true;
        }
        var kept = await _poison.SendMessageAsync(message.MessageText);
        await _queue.DeleteMessageAsync(message.MessageId, popReceipt);
        _logger.LogWarning("Message {MessageId} moved to {PoisonQueue} as message {PoisonMessageId} after {DequeueCount} {Deliveries}",
            message.MessageId, _poison.Name, kept.Value.MessageId, message.DequeueCount, message.DequeueCount == 1 ? "delivery" : "deliveries");
    }

    private string? Decode(QueueMessage message)
    {
        if (!_options.Base64)
        {
            return message.MessageText;
        }
        var bytes = new byte[message.MessageText.Length];
        if (Convert.TryFromBase64String(message.MessageText, bytes, out var length))
        {
            return Encoding.UTF8.GetString(bytes, 0, length);
        }
        _logger.LogWarning("Message {MessageId} on {Queue} is not base64 as host.json's messageEncoding says", message.MessageId, _queue.Name);
        return null;
    }

    /// <summary>The message text as input; its properties as trigger metadata, numbers and dates as JSON.</summary>
    private static InvocationRequest Request(FunctionInfo function, string text, QueueMessage message)
    {
        var request = new InvocationRequest();
        request.InputData.Add(new ParameterBinding { Name = function.TriggerName, Data = new TypedData { String = text } });
        request.TriggerMetadata["QueueTrigger"] = new TypedData { String = text };
        request.TriggerMetadata["Id"] = new TypedData { String = message.MessageId };
        request.TriggerMetadata["PopReceipt"] = new TypedData { String = message.PopReceipt };
        request.TriggerMetadata["DequeueCount"] = new TypedData { Json = message.DequeueCount.ToString(CultureInfo.InvariantCulture) };
        request.TriggerMetadata["InsertionTime"] = Json(message.InsertedOn);
        request.TriggerMetadata["ExpirationTime"] = Json(message.ExpiresOn);
        request.TriggerMetadata["NextVisibleTime"] = Json(message.NextVisibleOn);
        return request;
    }

    private static TypedData Json(DateTimeOffset? time) => new() { Json = JsonSerializer.Serialize(time) };
}
