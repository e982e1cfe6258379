using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Pipeline.Host.Scheduling;

/// <summary>
/// Two Hangfire servers per service process, each with its own workers: one takes syncs (queue <c>ingest</c>, and
/// <c>default</c> for jobs queued before queues were split), the other single-document re-ingestions (queue
/// <c>webhooks</c>). Priority within one worker pool is not enough: with every worker inside a long sync, a webhook
/// would wait for the nightly run to end. Any number of processes may run against one database; they share the
/// queues, and the advisory locks in <see cref="Ingestion.SourceLock"/> keep them off each other's documents.
/// </summary>
public static class HangfireServers
{
    public static IServiceCollection AddPipelineHangfireServers(this IServiceCollection services, PipelineSettings settings)
    {
        settings.Validate();
        // Registered before or after AddHangfire, the last registration wins, and Hangfire only adds its own when none exists.
        // Built after Hangfire's configuration: the retry filter takes its logger from the log provider set there.
        services.AddSingleton<IJobFilterProvider>(provider =>
        {
            provider.GetRequiredService<IGlobalConfiguration>();
            return JobRetryFilterProvider.For(settings);
        });
        // Before the servers, so it stops after them.
        services.AddHostedService<HangfireLogDetach>();
        var process = $"{Environment.MachineName}:{Environment.ProcessId}";
        // Retries wait in the scheduled set until the next poll; a poll slower than the shortest delay would stretch it.
        var schedulePolling = TimeSpan.FromSeconds(Math.Clamp(settings.JobRetryDelays.DefaultIfEmpty(15).Min(), 1, 15));
        services.AddHangfireServer(options =>
        {
            options.ServerName = $"pipeline-ingest:{process}";
            options.WorkerCount = settings.IngestWorkers;
            options.Queues = [IngestJob.Queue, "default"];
            options.SchedulePollingInterval = schedulePolling;
        });
        services.AddHangfireServer(options =>
        {
            options.ServerName = $"pipeline-webhooks:{process}";
            options.WorkerCount = settings.WebhookWorkers;
            options.Queues = [ReingestDocumentJob.Queue];
            options.SchedulePollingInterval = schedulePolling;
        });
        return services;
    }
}
