using System.Diagnostics;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using SupplierAssessment.TestSupport;

namespace FunctionsLocalHost.Tests;

/// <summary>Starting and stopping a host of its own.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task The_host_stops_and_leaves_no_worker_behind()
    {
        var azurite = await AzuriteServer.Shared;
        using var log = new LogSink();
        var host = await LocalFunctionsHost.StartAsync(new LocalHostOptions
        {
            AppDirectory = SampleHost.WorkerDirectory,
            Settings = SampleHost.Settings(azurite.ConnectionString, "t" + Guid.NewGuid().ToString("N")[..10]),
            LoggerFactory = log.Factory,
        });
        using var worker = Process.GetProcessById(host.WorkerProcessId);
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        Assert.Equal("special", await http.GetStringAsync("items/special"));

        // How long stopping takes is a benchmark figure (docs/benchmarks.md), not an assertion here.
        await host.DisposeAsync();

        Assert.True(worker.HasExited, "The worker process is still running.");
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync("items/special"));
    }

    [Fact]
    public async Task Queue_polling_survives_storage_going_down_and_coming_back()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        using var log = new LogSink();
        var prefix = "t" + Guid.NewGuid().ToString("N")[..10];
        await using var host = await LocalFunctionsHost.StartAsync(new LocalHostOptions
        {
            AppDirectory = SampleHost.WorkerDirectory,
            Settings = SampleHost.Settings(azurite.ConnectionString, prefix),
            LoggerFactory = log.Factory,
        });
        var work = new QueueClient(azurite.ConnectionString, prefix + "-work", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await work.CreateIfNotExistsAsync();

        await azurite.StopAsync();
        await log.WaitForAsync(e => e.Level == LogLevel.Warning && e.Message.Contains("cannot be read", StringComparison.Ordinal), TimeSpan.FromSeconds(15));
        await azurite.StartAgainAsync();
        await work.SendMessageAsync("after the outage");

        var deliveries = new QueueClient(azurite.ConnectionString, prefix + "-deliveries");
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!(await deliveries.ExistsAsync() && (await deliveries.PeekMessagesAsync(32)).Value.Any(m => m.MessageText == "queue|after the outage|1")))
        {
            Assert.True(DateTime.UtcNow < deadline, "The message sent after the outage was not processed.");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Starting_on_a_folder_that_is_no_worker_says_so()
    {
        var empty = Directory.CreateTempSubdirectory("no-worker-");
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalFunctionsHost.StartAsync(new LocalHostOptions { AppDirectory = empty.FullName }));

            Assert.Contains("worker.config.json", error.Message, StringComparison.Ordinal);

            await File.WriteAllTextAsync(Path.Combine(empty.FullName, "worker.config.json"),
                """{"description":{"defaultExecutablePath":"dotnet","defaultWorkerPath":"Missing.dll"}}""");
            error = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalFunctionsHost.StartAsync(new LocalHostOptions { AppDirectory = empty.FullName }));
            Assert.StartsWith("The worker exited with code", error.Message, StringComparison.Ordinal);
            Assert.Contains("Missing.dll", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }
}
