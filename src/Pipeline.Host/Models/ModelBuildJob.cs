using System.ComponentModel;
using Hangfire;
using Hangfire.Server;
using Pipeline.Host.Scheduling;

namespace Pipeline.Host.Models;

/// <summary>
/// <c>models build</c> in the background, on the ingest queue (it is heavy work, like a sync). Progress is stored on
/// the build (<c>pipeline.model_builds</c>) after every batch, where the dashboard's Models page and
/// <c>models list</c> read it. A retry, a second enqueue or the service's start-up resume just continues the build.
/// </summary>
public sealed class ModelBuildJob(ModelBuildRunner runner)
{
    [DisplayName("Build model {2} for {1} (build {0})")]
    [Queue(IngestJob.Queue)]
    public async Task RunAsync(long buildId, string job, string model, PerformContext? context, CancellationToken cancellationToken) =>
        await runner.RunAsync(buildId, progress: null, cancellationToken, context?.BackgroundJob.Id);
}
