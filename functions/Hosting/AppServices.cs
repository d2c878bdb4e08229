using Microsoft.Extensions.Options;
using SupplierAssessment.Adapters.Email;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Functions.Api;
using SupplierAssessment.Functions.Functions;
using SupplierAssessment.Functions.Stages;

namespace SupplierAssessment.Functions.Hosting;

public static class AppServices
{
    /// <summary>Storage, email, identity, the pipeline stages, and — locally — the queue listeners, timer and sample.</summary>
    public static WebApplicationBuilder AddSupplierAssessment(this WebApplicationBuilder builder)
    {
        builder.AddStorage();
        builder.AddEmail();
        builder.AddIdentity();
        builder.Services.AddSingleton<AppLinks>();
        builder.Services.AddSingleton<AssessmentLoader>();
        builder.Services.AddSingleton<StageQueues>();
        builder.Services.AddSingleton<Invitations>();
        builder.Services.AddSingleton<AlertLevelChange>();
        builder.Services.AddSingleton<SampleProcurement>();
        builder.Services.AddSingleton<StorageReadiness>();
        builder.Services.AddSingleton<IStageHandler, ScoreAssessment>();
        builder.Services.AddSingleton<IStageHandler, RenderReport>();
        builder.Services.AddSingleton<IStageHandler, NotifyProjectManager>();
        builder.Services.AddSingleton<IStageHandler, Housekeeping>();

        var queues = builder.Configuration.GetSection("Queues").Get<LocalQueueOptions>() ?? new LocalQueueOptions();
        builder.Services.AddSingleton(queues);
        builder.Services.AddHostedService<StorageStartup>();
        if (queues.RunLocally ?? !FunctionsHosting.IsUnderFunctionsHost(builder.Configuration))
        {
            builder.Services.AddHostedService<LocalQueueListener>();
        }
        return builder;
    }
}

/// <summary>
/// Creates missing tables, containers and queues, then seeds the sample — in the background, retrying while storage
/// is unreachable, so that <c>GET /</c> answers at once whatever the state of storage.
/// </summary>
public sealed class StorageStartup(
    StorageAccount account, SampleProcurement sample, StorageReadiness readiness, IConfiguration configuration, ILogger<StorageStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await account.EnsureCreatedAsync(FunctionCatalog.QueueNames, stoppingToken);
                readiness.MarkReady();
                if (configuration.GetValue("Sample:Enabled", false))
                {
                    await sample.SeedIfEmptyAsync(stoppingToken);
                }
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Storage not ready (attempt {Attempt}): {Error}", attempt, e.Message);
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(10, attempt)), stoppingToken);
            }
        }
    }
}

/// <summary>Completes once tables, containers and queues exist, so local listeners do not poll queues not yet created.</summary>
public sealed class StorageReadiness
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task WhenReady(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    public void MarkReady() => _ready.TrySetResult();
}
