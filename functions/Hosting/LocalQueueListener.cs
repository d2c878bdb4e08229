using Azure;
using Azure.Storage.Queues.Models;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Functions.Functions;
using SupplierAssessment.Functions.Stages;

namespace SupplierAssessment.Functions.Hosting;

/// <summary>Local-mode queue settings (section "Queues"), the Functions defaults of host.json.</summary>
public sealed class LocalQueueOptions
{
    /// <summary>Run the listeners and the timer in this process: on by default when no Functions host started us.</summary>
    public bool? RunLocally { get; set; }
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(30);
    public int MaxDequeueCount { get; set; } = 5;
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan HousekeepingInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// What the Functions host does for queue triggers, done in-process when running locally: receive, run the same
/// handler, delete on success; on failure the message comes back after the visibility timeout, and after
/// <see cref="LocalQueueOptions.MaxDequeueCount"/> deliveries it moves to "&lt;queue&gt;-poison".
/// </summary>
public sealed class LocalQueueListener(
    StorageAccount account, IEnumerable<IStageHandler> handlers, StorageReadiness readiness, LocalQueueOptions options,
    ILogger<LocalQueueListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await readiness.WhenReady(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        await Task.WhenAll(FunctionCatalog.All.Where(f => f.Trigger == TriggerKind.Queue)
            .Select(f => ListenAsync(f.Queue!, handlers.Single(h => h.FunctionName == f.Name), stoppingToken))
            .Append(TimerAsync(handlers.Single(h => h.FunctionName == "Housekeeping"), stoppingToken)));
    }

    private async Task ListenAsync(string queueName, IStageHandler handler, CancellationToken stoppingToken)
    {
        var queue = account.Queue(queueName);
        var poison = account.Queue(queueName + "-poison");
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(16, options.VisibilityTimeout, stoppingToken)).Value;
            }
            catch (Exception e) when (e is RequestFailedException or HttpRequestException or AggregateException)
            {
                logger.LogWarning("Queue {Queue} unreachable ({Error}); retrying", queueName, Describe(e));
                await Delay(options.PollInterval * 2, stoppingToken);
                continue;
            }
            if (messages.Length == 0)
            {
                await Delay(options.PollInterval, stoppingToken);
                continue;
            }
            await Task.WhenAll(messages.Select(m => ProcessAsync(queueName, queue, poison, handler, m, stoppingToken)));
        }
    }

    private async Task ProcessAsync(string queueName, Azure.Storage.Queues.QueueClient queue, Azure.Storage.Queues.QueueClient poison,
        IStageHandler handler, QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            await handler.HandleAsync(message.Body.ToString(), (int)message.DequeueCount, stoppingToken);
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down: the message becomes visible again
        }
        catch (Exception e)
        {
            if (message.DequeueCount >= options.MaxDequeueCount)
            {
                logger.LogError(e, "{Function} failed {Count} times on message {MessageId}: moved to {Queue}-poison", handler.FunctionName, message.DequeueCount, message.MessageId, queueName);
                try
                {
                    await poison.SendMessageAsync(message.Body.ToString(), stoppingToken);
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
                }
                catch (Exception moveError) when (moveError is RequestFailedException or HttpRequestException)
                {
                    logger.LogWarning("Could not move message {MessageId} to poison yet: {Error}", message.MessageId, Describe(moveError));
                }
            }
            else
            {
                logger.LogWarning("{Function} failed on message {MessageId} (delivery {Count}): it will be retried. {Error}", handler.FunctionName, message.MessageId, message.DequeueCount, Describe(e));
            }
        }
    }

    private async Task TimerAsync(IStageHandler housekeeping, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.HousekeepingInterval);
        while (await WaitAsync(timer, stoppingToken))
        {
            try
            {
                await housekeeping.HandleAsync("{}", 1, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Housekeeping failed: {Error}; next run at the next tick", e.Message);
            }
        }
    }

    /// <summary>One line: the storage status and error code, not the SDK's multi-line message with headers.</summary>
    private static string Describe(Exception e) => e switch
    {
        RequestFailedException r => $"storage answered {r.Status} {r.ErrorCode}",
        AggregateException { InnerExceptions.Count: > 0 } a => Describe(a.InnerExceptions[0]),
        _ => $"{e.GetType().Name}: {e.Message.Split('\n')[0]}",
    };

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken token)
    {
        try
        {
            return await timer.WaitForNextTickAsync(token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task Delay(TimeSpan delay, CancellationToken token)
    {
        try
        {
            await Task.Delay(delay, token);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
