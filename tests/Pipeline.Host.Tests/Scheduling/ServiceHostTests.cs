using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Host.Scheduling;
using Pipeline.Host.Web;
using Pipeline.Storage;

namespace Pipeline.Host.Tests.Scheduling;

/// <summary>The real service: Kestrel on 127.0.0.1, Hangfire on PostgreSQL, jobs from a jobs folder.</summary>
[Collection(InProcessService.Collection)]
public sealed class ServiceHostTests
{
    [Fact]
    public async Task Two_services_in_one_process_each_enqueue_into_and_run_from_their_own_database()
    {
        using var documents = Corpus.CopyToTemp("rotation-page2-rotate90.pdf");
        await using var first = await BuiltServiceAsync("twin_a", "twin-a", documents.Path);
        await using var second = await BuiltServiceAsync("twin_b", "twin-b", documents.Path);
        // Hangfire configures the first service, then the second one configures and starts before the first resolves its
        // storage: the interleaving of two services starting at once. Hangfire's process-wide defaults now name the second.
        first.App.Services.GetRequiredService<IGlobalConfiguration>();
        await ServiceHost.StartAsync(second.App, ingestSamplesOnFirstStart: false, CancellationToken.None);
        await ServiceHost.StartAsync(first.App, ingestSamplesOnFirstStart: false, CancellationToken.None);
        try
        {
            first.App.Services.GetRequiredService<IRecurringJobManager>().Trigger("twin-a");
            second.App.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<IngestJob>(j => j.RunAsync("twin-b", "test", CancellationToken.None));

            Assert.Equal("twin-a:succeeded", await LastRunAsync(first.ConnectionString));
            Assert.Equal("twin-b:succeeded", await LastRunAsync(second.ConnectionString));
            // Hangfire marks the job succeeded just after the run row is: each storage ends up with its own job only.
            Assert.Equal(1, await SucceededJobsAsync(first.App));
            Assert.Equal(1, await SucceededJobsAsync(second.App));
        }
        finally
        {
            await first.App.StopAsync();
            await second.App.StopAsync();
        }
    }

    private sealed record BuiltService(Microsoft.AspNetCore.Builder.WebApplication App, string ConnectionString, TempFolder Jobs) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            Jobs.Dispose();
        }
    }

    private static async Task<BuiltService> BuiltServiceAsync(string database, string job, string folder)
    {
        var jobs = new TempFolder();
        File.WriteAllText(jobs.File(job + ".json"), $$"""
            { "name": "{{job}}", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "{{folder}}" } }
            """);
        var connectionString = await TestCluster.CreateDatabaseAsync(database);
        var settings = new PipelineSettings { ConnectionString = connectionString, DataDirectory = jobs.File(".data"), JobsDirectory = jobs.Path, HomeDirectory = jobs.Path };
        return new BuiltService(ServiceHost.Build(settings, connectionString, TestServiceArgs.Loopback()), connectionString, jobs);
    }

    private static async Task<long> SucceededJobsAsync(Microsoft.AspNetCore.Builder.WebApplication app)
    {
        var monitoring = app.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (monitoring.SucceededListCount() == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
        return monitoring.SucceededListCount();
    }

    /// <summary>The newest finished run of any job in that database ("none" after a minute).</summary>
    private static async Task<string> LastRunAsync(string connectionString)
    {
        await using var dataSource = PipelineDataSource.Create(connectionString);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            await using var command = dataSource.CreateCommand("SELECT job_name || ':' || status FROM pipeline.runs WHERE status <> 'running' ORDER BY id DESC LIMIT 1");
            if (await command.ExecuteScalarAsync() is string run)
            {
                return run;
            }
            await Task.Delay(250);
        }
        return "none";
    }

    [Fact]
    public async Task Job_files_become_recurring_jobs_and_a_triggered_sync_runs_through_hangfire()
    {
        using var documents = Corpus.CopyToTemp("rotation-page2-rotate90.pdf");
        using var jobs = new TempFolder();
        File.WriteAllText(jobs.File("nightly.json"), $$"""
            { "name": "nightly-test", "schedule": "0 2 * * *",
              "source": { "kind": "pdf-folder", "path": "{{documents.Path}}" } }
            """);
        var connectionString = await TestCluster.CreateDatabaseAsync("service");
        var settings = new PipelineSettings
        {
            ConnectionString = connectionString,
            DataDirectory = jobs.File(".data"),
            JobsDirectory = jobs.Path,
            HomeDirectory = jobs.Path,
        };
        await using var app = ServiceHost.Build(settings, connectionString, TestServiceArgs.Loopback());
        var addresses = await ServiceHost.StartAsync(app, ingestSamplesOnFirstStart: false, CancellationToken.None);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(addresses.First()) };
            var dashboard = await http.GetAsync("/hangfire/recurring");
            Assert.Equal(System.Net.HttpStatusCode.OK, dashboard.StatusCode);
            Assert.Contains("nightly-test", await dashboard.Content.ReadAsStringAsync());

            using (var connection = app.Services.GetRequiredService<JobStorage>().GetConnection())
            {
                var recurring = Assert.Single(connection.GetRecurringJobs());
                Assert.Equal("nightly-test", recurring.Id);
                Assert.Equal("0 2 * * *", recurring.Cron);
            }

            app.Services.GetRequiredService<IRecurringJobManager>().Trigger("nightly-test");

            await using var dataSource = PipelineDataSource.Create(connectionString);
            var deadline = DateTime.UtcNow.AddMinutes(2);
            string? status = null;
            while (DateTime.UtcNow < deadline && status != "succeeded")
            {
                await Task.Delay(250);
                await using var command = dataSource.CreateCommand("SELECT status FROM pipeline.runs WHERE job_name = 'nightly-test' ORDER BY id DESC LIMIT 1");
                status = await command.ExecuteScalarAsync() as string;
            }
            Assert.Equal("succeeded", status);
            await using var chunks = dataSource.CreateCommand(
                "SELECT count(*) FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id WHERE d.source = 'pdf:nightly-test'");
            Assert.True((long)(await chunks.ExecuteScalarAsync())! > 0);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task Syncs_without_a_job_file_are_removed_and_the_services_own_recurring_jobs_are_kept()
    {
        using var jobs = new TempFolder();
        var connectionString = await TestCluster.CreateDatabaseAsync("recurring");
        var settings = new PipelineSettings { ConnectionString = connectionString, DataDirectory = jobs.File(".data"), JobsDirectory = jobs.Path, HomeDirectory = jobs.Path };
        await using var app = ServiceHost.Build(settings, connectionString, TestServiceArgs.Loopback());
        await ServiceHost.StartAsync(app, ingestSamplesOnFirstStart: false, CancellationToken.None);
        try
        {
            var manager = app.Services.GetRequiredService<IRecurringJobManager>();
            manager.AddOrUpdate<IngestJob>("deleted-job", IngestJob.Queue, j => j.RunAsync("deleted-job", "schedule", CancellationToken.None), "0 2 * * *");
            manager.AddOrUpdate<Pipeline.Host.Alerts.AlertJob>(Pipeline.Host.Alerts.AlertJob.RecurringId, j => j.RunAsync(CancellationToken.None), "*/5 * * * *");

            RecurringJobSync.Apply(app.Services.GetRequiredService<Pipeline.Host.Jobs.JobCatalog>(), manager, app.Services.GetRequiredService<JobStorage>(),
                Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

            using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
            Assert.Equal([Pipeline.Host.Alerts.AlertJob.RecurringId], connection.GetRecurringJobs().Select(r => r.Id));
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task The_first_start_ingests_the_sample_job_once_and_a_restart_does_not_repeat_it()
    {
        using var documents = Corpus.CopyToTemp("rotation-page2-rotate90.pdf");
        using var jobs = new TempFolder();
        File.WriteAllText(jobs.File("sample.json"), $$"""
            { "name": "sample-docs", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "{{documents.Path}}" } }
            """);
        var connectionString = await TestCluster.CreateDatabaseAsync("firststart");
        var settings = new PipelineSettings { ConnectionString = connectionString, DataDirectory = jobs.File(".data"), JobsDirectory = jobs.Path, HomeDirectory = jobs.Path };
        await using var dataSource = PipelineDataSource.Create(connectionString);
        async Task<long> RunsAsync()
        {
            await using var command = dataSource.CreateCommand("SELECT count(*) FROM pipeline.runs WHERE job_name = 'sample-docs' AND trigger = 'first-start' AND status = 'succeeded'");
            return (long)(await command.ExecuteScalarAsync())!;
        }

        await using (var first = ServiceHost.Build(settings, connectionString, TestServiceArgs.Loopback()))
        {
            await ServiceHost.StartAsync(first, ingestSamplesOnFirstStart: true, CancellationToken.None);
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (DateTime.UtcNow < deadline && await RunsAsync() == 0)
            {
                await Task.Delay(250);
            }
            await first.StopAsync();
        }
        await using (var second = ServiceHost.Build(settings, connectionString, TestServiceArgs.Loopback()))
        {
            await ServiceHost.StartAsync(second, ingestSamplesOnFirstStart: true, CancellationToken.None);
            await Task.Delay(3000);
            await second.StopAsync();
        }

        Assert.Equal(1L, await RunsAsync());
    }
}
