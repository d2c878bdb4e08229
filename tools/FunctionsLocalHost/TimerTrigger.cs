using System.Globalization;
using System.Text.Json;
using FunctionsLocalHost.Rpc;
using Microsoft.Extensions.Logging;
using NCrontab;

namespace FunctionsLocalHost;

/// <summary>
/// Fires one timer function on its schedule: NCRONTAB with seconds (6 fields) or without (5), or a <c>hh:mm:ss</c>
/// interval; once at start too with <c>runOnStartup</c>. A failed run is logged; the next tick still fires.
/// </summary>
internal sealed class TimerTrigger(LocalFunctionsHost host, FunctionInfo function, ILogger logger)
{
    private readonly Func<DateTimeOffset, DateTimeOffset> _next = Parse(function.Name, function.Schedule);

    public async Task RunAsync(CancellationToken stopping)
    {
        var last = DateTimeOffset.UtcNow;
        if (function.RunOnStartup)
        {
            await FireAsync(last, stopping);
        }
        while (!stopping.IsCancellationRequested)
        {
            var next = _next(last);
            try
            {
                var wait = next - DateTimeOffset.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, stopping);
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
            await FireAsync(last, stopping);
            last = next;
        }
    }

    /// <summary>The invocation: a TimerInfo as JSON, the shape the worker's timer extension reads.</summary>
    public static InvocationRequest Request(FunctionInfo function, DateTimeOffset last, DateTimeOffset next)
    {
        var timerInfo = new
        {
            Schedule = new { AdjustForDST = true },
            ScheduleStatus = new { Last = last, Next = next, LastUpdated = last },
            IsPastDue = false,
        };
        var request = new InvocationRequest();
        request.InputData.Add(new ParameterBinding { Name = function.TriggerName, Data = new TypedData { Json = JsonSerializer.Serialize(timerInfo) } });
        return request;
    }

    private async Task FireAsync(DateTimeOffset last, CancellationToken stopping)
    {
        logger.LogDebug("Timer {Function} fires", function.Name);
        try
        {
            await host.RunAsync(function, Request(function, last, _next(DateTimeOffset.UtcNow)), stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // the host is stopping
        }
    }

    private static Func<DateTimeOffset, DateTimeOffset> Parse(string name, string? schedule)
    {
        if (string.IsNullOrWhiteSpace(schedule))
        {
            throw new InvalidOperationException($"Timer function {name} has no schedule.");
        }
        if (TimeSpan.TryParse(schedule, CultureInfo.InvariantCulture, out var interval) && interval > TimeSpan.Zero)
        {
            return last => last + interval;
        }
        var withSeconds = schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6;
        var cron = CrontabSchedule.TryParse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = withSeconds })
            ?? throw new InvalidOperationException($"Timer function {name}: '{schedule}' is neither an NCRONTAB expression nor a hh:mm:ss interval.");
        return last => new DateTimeOffset(cron.GetNextOccurrence(last.UtcDateTime), TimeSpan.Zero);
    }
}
