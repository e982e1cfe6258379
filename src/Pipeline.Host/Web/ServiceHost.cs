using Hangfire;
using Hangfire.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Host.Alerts;
using Pipeline.Host.Dashboard;
using Pipeline.Host.Jobs;
using Pipeline.Host.Metrics;
using Pipeline.Host.Scheduling;
using Pipeline.Host.Search;
using Pipeline.Storage.Runs;

namespace Pipeline.Host.Web;

/// <summary>The long-running service: Hangfire server and dashboard, recurring jobs from jobs/.</summary>
public static partial class ServiceHost
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <param name="logToStandardError">Logs to stderr (a CLI command hosting the service keeps stdout for its own output).</param>
    public static WebApplication Build(PipelineSettings settings, string connectionString, string[] aspNetArgs, bool logToStandardError = false)
    {
        var builder = WebApplication.CreateBuilder(aspNetArgs);
        ServiceLogging.Configure(builder.Logging, logToStandardError);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_URLS")))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }
        builder.Services.AddPipeline(settings, connectionString);
        builder.Services.AddSingleton(Webhooks.WebhookOptions.FromEnvironment());
        builder.Services.AddSingleton<Webhooks.WebhookReceiver>();
        builder.Services.AddAlerts(SettingReader.From(builder.Configuration));
        // One rule for "this machine" (dashboard without password, /metrics without token), validated now.
        builder.Services.AddSingleton(LocalRequests.From(builder.Configuration));
        builder.Services.AddPipelineDashboard(builder.Configuration);
        builder.Services.AddPipelineMetrics(MetricsOptions.FromConfiguration(builder.Configuration));
        builder.Services.AddPipelineSearch(builder.Configuration);
        builder.Services.AddPipelineApiDescription();
        var storage = PipelineHangfireStorage.Create(settings, connectionString);
        // Hangfire's defaults for both are process-wide globals (JobStorage.Current, JobActivator.Current), set by
        // whichever service configured last. Ours are this service's own, so two services in one process (tests, an
        // embedding host) never enqueue into each other's database or run jobs with each other's services.
        builder.Services.AddSingleton<JobStorage>(storage);
        builder.Services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire(configuration => configuration
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseStorage(storage));
        builder.Services.AddPipelineHangfireServers(settings);

        var app = builder.Build();
        // Local requests act as operator; remote ones sign in (PIPELINE_DASHBOARD_USERS). See runbooks/dashboard-access.md.
        app.MapPipelineDashboard();
        app.MapGet("/", () => Results.Redirect("/hangfire"));
        app.MapGet("/healthz", () => Results.Text("ok"));
        Webhooks.WebhookEndpoints.MapWebhooks(app);
        app.MapPipelineMetrics();
        // Local requests as the dashboard's; remote ones send a key of PIPELINE_API_KEYS. See runbooks/search-api.md.
        app.MapPipelineSearch();
        // Guarded as /api is; see ApiDescription.
        app.MapPipelineApiDescription();
        return app;
    }

    /// <summary>Starts the service and waits for Ctrl-C.</summary>
    public static async Task RunAsync(WebApplication app, bool ingestSamplesOnFirstStart, CancellationToken cancellationToken)
    {
        ServiceBanner.Write(app.Services, await StartAsync(app, ingestSamplesOnFirstStart, cancellationToken));
        await app.WaitForShutdownAsync(cancellationToken);
    }

    /// <summary>Starts listening, makes recurring jobs equal jobs/, optionally queues the sample ingestion.</summary>
    /// <returns>The addresses the service listens on.</returns>
    public static async Task<IReadOnlyCollection<string>> StartAsync(WebApplication app, bool ingestSamplesOnFirstStart, CancellationToken cancellationToken)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Pipeline.Service");
        var catalog = app.Services.GetRequiredService<JobCatalog>();
        // Before the first scrape or health read: a job that never syncs is judged from this first registration.
        await app.Services.GetRequiredService<JobRegistrations>().RegisterAsync(catalog.Jobs.Select(j => j.Name), cancellationToken);
        await app.StartAsync(cancellationToken);

        RecurringJobSync.Apply(catalog, app.Services.GetRequiredService<IRecurringJobManager>(), app.Services.GetRequiredService<JobStorage>(), logger);
        AlertSchedule.Apply(app.Services, logger);
        await Models.ModelBuildQueue.ResumeOpenAsync(app.Services.GetRequiredService<Storage.Models.ModelBuilds>(),
            app.Services.GetRequiredService<IBackgroundJobClient>(), logger, cancellationToken);
        if (ingestSamplesOnFirstStart)
        {
            await QueueFirstStartAsync(app.Services, catalog, logger, cancellationToken);
        }

        return app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
    }

    private static async Task QueueFirstStartAsync(IServiceProvider services, JobCatalog catalog, ILogger logger, CancellationToken cancellationToken)
    {
        const string sampleJob = "sample-docs";
        if (catalog.Jobs.All(j => j.Name != sampleJob))
        {
            return;
        }
        if (await services.GetRequiredService<RunLedger>().HasRunsAsync(sampleJob, cancellationToken))
        {
            return;
        }
        var id = services.GetRequiredService<IBackgroundJobClient>().Enqueue<IngestJob>(j => j.RunAsync(sampleJob, "first-start", CancellationToken.None));
        LogFirstStart(logger, sampleJob, id);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "First start: queued job {Job} as Hangfire job {HangfireJobId}; watch it on the dashboard")]
    private static partial void LogFirstStart(ILogger logger, string job, string hangfireJobId);
}
