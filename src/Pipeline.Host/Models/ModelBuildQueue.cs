using Hangfire;
using Microsoft.Extensions.Logging;
using Pipeline.Storage.Models;

namespace Pipeline.Host.Models;

/// <summary>Puts builds on the Hangfire ingest queue: when requested, and at service start for builds a stop interrupted.</summary>
public static partial class ModelBuildQueue
{
    /// <returns>The Hangfire job id.</returns>
    public static string Enqueue(IBackgroundJobClient jobs, ModelBuild build) =>
        jobs.Enqueue<ModelBuildJob>(j => j.RunAsync(build.Id, build.JobName, build.Model, null, CancellationToken.None));

    /// <summary>
    /// Every open build again: one whose process died stays 'building' with its committed batches, and continues from
    /// there. A build still running elsewhere holds its lock, so the extra job ends at once.
    /// </summary>
    public static async Task ResumeOpenAsync(ModelBuilds builds, IBackgroundJobClient jobs, ILogger logger, CancellationToken cancellationToken)
    {
        foreach (var build in (await builds.ListAsync(null, 1000, cancellationToken)).Where(b => b.Status == ModelBuild.Building))
        {
            LogResumed(logger, build.Id, build.Model, build.JobName, Enqueue(jobs, build));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model build {BuildId} ({Model} for job {Job}) was open at start: queued as Hangfire job {HangfireJobId}")]
    private static partial void LogResumed(ILogger logger, long buildId, string model, string job, string hangfireJobId);
}
