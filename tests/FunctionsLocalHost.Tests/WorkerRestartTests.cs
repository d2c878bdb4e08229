using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using SupplierAssessment.TestSupport;

namespace FunctionsLocalHost.Tests;

/// <summary>
/// The worker killed (SIGKILL, as an OOM kill or a crash): the host starts a new one, as the real host restarts its
/// language worker, and HTTP, queues and timers go on. Each test has a host of its own: it kills that host's worker.
/// </summary>
public sealed partial class WorkerRestartTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_killed_worker_is_started_again_and_HTTP_and_queues_go_on()
    {
        var azurite = await AzuriteServer.Shared;
        using var log = new LogSink();
        var prefix = "t" + Guid.NewGuid().ToString("N")[..10];
        var host = await LocalFunctionsHost.StartAsync(new LocalHostOptions
        {
            AppDirectory = SampleHost.WorkerDirectory,
            Settings = SampleHost.Settings(azurite.ConnectionString, prefix),
            LoggerFactory = log.Factory,
            MessageLease = TimeSpan.FromSeconds(2),
        });
        try
        {
            using var http = new HttpClient { BaseAddress = host.BaseAddress };
            Assert.Equal("special", await http.GetStringAsync("items/special"));
            Assert.Equal(0, host.Status().Restarts);
            var work = new QueueClient(azurite.ConnectionString, prefix + "-work", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
            await work.CreateIfNotExistsAsync();
            var firstPid = host.WorkerProcessId;

            Kill(firstPid);
            await work.SendMessageAsync("sent after the kill");

            // While no worker runs: HTTP says so (503, Retry-After), and so does the status.
            var deadline = DateTime.UtcNow + Patience;
            HttpResponseMessage gap;
            while ((gap = await http.GetAsync("items/special")).StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                Assert.True(DateTime.UtcNow < deadline, $"No 503 while the worker was down; last answer {(int)gap.StatusCode}. Log:\n{Tail(log)}");
                gap.Dispose();
                await Task.Delay(50);
            }
            using (gap)
            {
                Assert.True(gap.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "a 503 during the restart says when to try again");
            }
            Assert.Contains(host.Status().State, new[] { "Error", "Restarting" });
            await log.WaitForAsync(e => e.Level == LogLevel.Error && e.Message.Contains($"pid {firstPid}) exited with code 137", StringComparison.Ordinal), Patience);

            // A new worker: HTTP answers again, the message sent after the kill is processed, the status is Running.
            while (true)
            {
                using var answer = await http.GetAsync("items/special");
                if (answer.StatusCode == HttpStatusCode.OK)
                {
                    Assert.Equal("special", await answer.Content.ReadAsStringAsync());
                    break;
                }
                Assert.True(DateTime.UtcNow < deadline, $"HTTP did not come back; last answer {(int)answer.StatusCode}. Log:\n{Tail(log)}");
                await Task.Delay(100);
            }
            Assert.NotEqual(firstPid, host.WorkerProcessId);
            Assert.Equal(1, host.RestartCount);
            var status = host.Status();
            // "Degraded" only for the sample's other queues, which this test does not create: the worker is fine.
            Assert.Equal((1, null), (status.Restarts, status.Problem));
            Assert.Contains(status.State, new[] { "Running", "Degraded" });
            Assert.All(status.Listeners, l => Assert.True(l.Problem is null or "does not exist yet", $"{l.Queue}: {l.Problem}"));
            var deliveries = new QueueClient(azurite.ConnectionString, prefix + "-deliveries");
            while (!(await deliveries.ExistsAsync() && (await deliveries.PeekMessagesAsync(32)).Value.Any(m => m.MessageText.StartsWith("queue|sent after the kill|", StringComparison.Ordinal))))
            {
                Assert.True(DateTime.UtcNow < deadline, $"The message sent after the kill was not processed. Log:\n{Tail(log)}");
                await Task.Delay(100);
            }
            using var restarted = Process.GetProcessById(host.WorkerProcessId);

            await host.DisposeAsync();

            Assert.True(restarted.HasExited, "The restarted worker outlived the host.");
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Disposing_the_host_while_it_starts_a_new_worker_leaves_no_worker_behind()
    {
        var azurite = await AzuriteServer.Shared;
        using var log = new LogSink();
        var host = await LocalFunctionsHost.StartAsync(new LocalHostOptions
        {
            AppDirectory = SampleHost.WorkerDirectory,
            Settings = SampleHost.Settings(azurite.ConnectionString, "t" + Guid.NewGuid().ToString("N")[..10]),
            LoggerFactory = log.Factory,
        });
        var firstPid = host.WorkerProcessId;
        Kill(firstPid);
        var started = await log.WaitForAsync(e => StartedPid(e) is { } pid && pid != firstPid, Patience);
        var secondPid = StartedPid(started)!.Value;

        await host.DisposeAsync();

        Assert.True(HasEnded(secondPid), $"The worker started during the restart (pid {secondPid}) outlived the host.");
        Assert.Equal(0, host.RestartCount); // disposed before the new worker was ready: the case this test is about
    }

    [Fact]
    public async Task Disposing_the_host_during_the_back_off_starts_no_worker()
    {
        var azurite = await AzuriteServer.Shared;
        using var log = new LogSink();
        var host = await LocalFunctionsHost.StartAsync(new LocalHostOptions
        {
            AppDirectory = SampleHost.WorkerDirectory,
            Settings = SampleHost.Settings(azurite.ConnectionString, "t" + Guid.NewGuid().ToString("N")[..10]),
            LoggerFactory = log.Factory,
        });
        Kill(host.WorkerProcessId);
        await log.WaitForAsync(e => e.Level == LogLevel.Error && e.Message.Contains("starting a new one in", StringComparison.Ordinal), Patience);

        await host.DisposeAsync();
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // past the 1 s back-off: nothing may start now

        Assert.Single(log.Entries, e => StartedPid(e) is not null);
    }

    private static void Kill(int pid)
    {
        using var worker = Process.GetProcessById(pid);
        worker.Kill(); // SIGKILL on Unix: no shutdown code runs in the worker
    }

    private static bool HasEnded(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
    }

    private static int? StartedPid(LogEntry entry) =>
        StartedLine().Match(entry.Message) is { Success: true } match ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"^Started the worker .* \(pid (\d+)\)$")]
    private static partial Regex StartedLine();

    private static string Tail(LogSink log) => string.Join('\n', log.Entries.Where(e => !e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)).TakeLast(40));
}
