using System.Diagnostics;
using SupplierAssessment.TestSupport;

namespace FunctionsLocalHost.Tests;

/// <summary>Starting and stopping a host of its own.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public async Task The_host_stops_within_seconds_and_leaves_no_worker_behind()
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

        var stopping = Stopwatch.StartNew();
        await host.DisposeAsync();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"Stopping took {stopping.Elapsed}.");
        Assert.True(worker.HasExited, "The worker process is still running.");
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => http.GetAsync("items/special"));
    }

    [Fact]
    public async Task Starting_on_a_folder_that_is_no_worker_says_so()
    {
        var empty = Directory.CreateTempSubdirectory("no-worker-");
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => LocalFunctionsHost.StartAsync(new LocalHostOptions { AppDirectory = empty.FullName }));

            Assert.Contains("worker.config.json", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            empty.Delete();
        }
    }
}
