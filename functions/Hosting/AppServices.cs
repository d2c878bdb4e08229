using Microsoft.AspNetCore.Mvc.Razor;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Azure;
using SupplierAssessment.Adapters.Email;
using SupplierAssessment.Adapters.Events;
using SupplierAssessment.Adapters.Storage;
using SupplierAssessment.Functions.Api;
using SupplierAssessment.Functions.Stages;

namespace SupplierAssessment.Functions.Hosting;

public static class AppServices
{
    /// <summary>
    /// Everything the functions need, registered once: the worker middleware (problem+json, sign-in, roles,
    /// anti-forgery, security headers, storage calls per invocation, and with Service Bus on the events' publishing
    /// right after each function), the page views, Application Insights, the Azure clients, email, identity,
    /// the pipeline stages, and the start-up work (tables, containers, queues, and locally the sample).
    /// </summary>
    public static FunctionsApplicationBuilder AddSupplierAssessment(this FunctionsApplicationBuilder builder)
    {
        builder.UseMiddleware<ProblemMiddleware>();
        builder.UseMiddleware<AccessMiddleware>();
        builder.UseMiddleware<StorageCallsMiddleware>();
        if (builder.Configuration.GetSection("ServiceBus").Get<EventOptions>()?.Enabled == true)
        {
            builder.UseMiddleware<EventPublishingMiddleware>();
        }
        // Telemetry only where it has somewhere to go (APPLICATIONINSIGHTS_CONNECTION_STRING, set in Azure by infra/).
        // Without one the SDK still tracked every storage call as a dependency, ran live metrics and perf counters,
        // and dropped it all: CPU the local runs and the tests spent for nothing (docs/benchmarks.md).
        if (!string.IsNullOrWhiteSpace(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            builder.Services.AddApplicationInsightsTelemetryWorkerService().ConfigureFunctionsApplicationInsights();
            // The Application Insights logger keeps Warning and above by default: let host.json's and appsettings' levels
            // decide instead, so the Information lines (a stage's outcome, storage calls per invocation) reach it too.
            builder.Services.Configure<LoggerFilterOptions>(options =>
            {
                var aiDefault = options.Rules.FirstOrDefault(rule =>
                    rule.ProviderName == "Microsoft.Extensions.Logging.ApplicationInsights.ApplicationInsightsLoggerProvider");
                if (aiDefault is not null)
                {
                    options.Rules.Remove(aiDefault);
                }
            });
        }
        builder.Services.AddProblemDetails();
        // Pages are MVC views rendered by their functions (ADR-002): /Pages/{name}.cshtml, layout and partials beside them.
        builder.Services.AddControllersWithViews().AddApplicationPart(typeof(AppServices).Assembly);
        builder.Services.Configure<RazorViewEngineOptions>(o =>
        {
            o.ViewLocationFormats.Clear();
            o.ViewLocationFormats.Add("/Pages/{0}.cshtml");
            o.ViewLocationFormats.Add("/Pages/Shared/{0}.cshtml");
        });
        // French pages get French typography as a whole (Typography, applied once to the rendered page).
        builder.Services.AddSingleton<Microsoft.AspNetCore.Mvc.ViewEngines.CompositeViewEngine>();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Mvc.ViewEngines.ICompositeViewEngine, Pages.TypesetViewEngine>();
        builder.Services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = RequestLimits.MaxJsonBody);
        // A property given twice in a body is malformed (400), not "the last one wins" (issue 13 item 7).
        builder.Services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(o => o.SerializerOptions.AllowDuplicateProperties = false);
        builder.AddSupplierAssessmentServices();
        builder.Services.AddHostedService<StorageStartup>();
        return builder;
    }

    /// <summary>
    /// The services the functions call — storage, email, identity, links, the pipeline stages, the sample — without
    /// the worker itself: the worker registers them through <see cref="AddSupplierAssessment"/>, and tests build them
    /// in their own process to reach the same storage (and to act at another time, with a fake <see cref="TimeProvider"/>).
    /// </summary>
    public static IHostApplicationBuilder AddSupplierAssessmentServices(this IHostApplicationBuilder builder)
    {
        builder.AddStorage();
        builder.AddIntegrationEvents();
        builder.AddEmail();
        builder.AddIdentity();
        builder.Services.AddSingleton<AppLinks>();
        builder.Services.AddSingleton<AssessmentLoader>();
        builder.Services.AddSingleton<StageQueues>();
        builder.Services.AddSingleton<SupplierMail>();
        builder.Services.AddSingleton<SupplierActions>();
        builder.Services.AddSingleton<ExpertDirectory>();
        builder.Services.AddSingleton<ReviewerAssignment>();
        builder.Services.AddSingleton<AlertLevelChange>();
        builder.Services.AddSingleton<SampleProcurement>();
        builder.Services.AddSingleton<ScoreAssessment>();
        builder.Services.AddSingleton<RenderReport>();
        builder.Services.AddSingleton<NotifyProjectManager>();
        builder.Services.AddSingleton<SendSupplierEmail>();
        builder.Services.AddSingleton<Housekeeping>();
        return builder;
    }
}

/// <summary>
/// Creates missing tables, containers and queues, then seeds the sample — in the background, retrying while storage
/// is unreachable, so that the worker answers at once whatever the state of storage.
/// </summary>
public sealed class StorageStartup(
    StorageAccount account, SampleProcurement sample, IConfiguration configuration, ILogger<StorageStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await account.EnsureCreatedAsync(StageQueues.All, stoppingToken);
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
