using System.Collections.Concurrent;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Host.Scheduling;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Host.Web;

namespace Pipeline.Host.Tests.Scheduling;

/// <summary>A job that runs longer than the invisibility timeout keeps its claim: no second worker starts it.</summary>
[Collection(InProcessService.Collection)]
public sealed class InvisibilityTimeoutTests
{
    [Fact]
    public async Task A_job_running_longer_than_the_invisibility_timeout_is_started_once()
    {
        using var jobs = new TempFolder();
        var connectionString = await TestCluster.CreateDatabaseAsync("invisibility");
        var settings = new PipelineSettings
        {
            ConnectionString = connectionString, DataDirectory = jobs.File(".data"), JobsDirectory = jobs.Path, HomeDirectory = jobs.Path,
            JobInvisibilitySeconds = 5, IngestWorkers = 2,
        };
        await using var app = ServiceHost.Build(settings, connectionString, TestServiceArgs.Loopback());
        await ServiceHost.StartAsync(app, ingestSamplesOnFirstStart: false, CancellationToken.None);
        var key = Guid.NewGuid().ToString("N");
        try
        {
            // 25 s: five timeouts, and more than the 15 s queue poll after the first one ran out.
            app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<SlowJob>(IngestJob.Queue, j => j.RunAsync(key, 25));

            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (!SlowJob.Finished.ContainsKey(key) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            Assert.True(SlowJob.Finished.ContainsKey(key), "the job did not finish within a minute");
            Assert.Equal(1, SlowJob.Starts.GetValueOrDefault(key));
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public void An_invisibility_timeout_outside_five_seconds_to_a_day_is_rejected_at_start_up()
    {
        var settings = new PipelineSettings { DataDirectory = "/tmp/unused", JobsDirectory = "/tmp/unused", HomeDirectory = "/tmp/unused" };

        Assert.Throws<ArgumentOutOfRangeException>(() => (settings with { JobInvisibilitySeconds = 4 }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (settings with { JobInvisibilitySeconds = 86_401 }).Validate());
        (settings with { JobInvisibilitySeconds = 5 }).Validate();
    }

    public sealed class SlowJob
    {
        public static readonly ConcurrentDictionary<string, int> Starts = new();

        public static readonly ConcurrentDictionary<string, bool> Finished = new();

        public async Task RunAsync(string key, int seconds)
        {
            Starts.AddOrUpdate(key, 1, (_, n) => n + 1);
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            Finished[key] = true;
        }
    }
}
