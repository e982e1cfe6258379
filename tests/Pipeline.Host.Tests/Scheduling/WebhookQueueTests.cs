using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pipeline.Host.Scheduling;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Host.Web;
using Pipeline.Storage;

namespace Pipeline.Host.Tests.Scheduling;

/// <summary>Syncs and webhook re-ingestions run on separate Hangfire workers of the real service.</summary>
[Collection(InProcessService.Collection)]
public sealed class WebhookQueueTests
{
    [Fact]
    public async Task A_webhook_reingestion_completes_while_syncs_occupy_every_ingest_worker()
    {
        using var first = Corpus.CopyToTemp("usgs-nwql-voc-methods-86p.pdf", "dpr-paper-two-column.pdf");
        using var second = Corpus.CopyToTemp("nrc-owners-of-nuclear-plants-tables-90p.pdf");
        using var hooked = Corpus.CopyToTemp("rotation-page2-rotate90.pdf");
        using var jobs = new TempFolder();
        WriteJob(jobs, "bulk-one", first.Path);
        WriteJob(jobs, "bulk-two", second.Path);
        WriteJob(jobs, "hooked", hooked.Path);
        var connectionString = await TestCluster.CreateDatabaseAsync("queues");
        var settings = new PipelineSettings
        {
            ConnectionString = connectionString,
            DataDirectory = jobs.File(".data"),
            JobsDirectory = jobs.Path,
            HomeDirectory = jobs.Path,
            OnnxThreads = 1,
            IngestWorkers = 1,
            WebhookWorkers = 1,
        };
        await using var database = PipelineDataSource.Create(connectionString);
        await using var app = ServiceHost.Build(settings, connectionString, TestServiceArgs.Loopback());
        await ServiceHost.StartAsync(app, ingestSamplesOnFirstStart: false, CancellationToken.None);
        try
        {
            var client = app.Services.GetRequiredService<IBackgroundJobClient>();
            // Two syncs for one ingest worker: one runs, one waits in the queue; a webhook worker must still be free.
            client.Enqueue<IngestJob>(j => j.RunAsync("bulk-one", "test", CancellationToken.None));
            client.Enqueue<IngestJob>(j => j.RunAsync("bulk-two", "test", CancellationToken.None));
            await WaitUntilAsync(database, "SELECT count(*) FROM pipeline.runs WHERE kind = 'sync' AND status = 'running'", n => n == 1);

            client.Enqueue<ReingestDocumentJob>(j => j.RunAsync("hooked", "rotation-page2-rotate90.pdf", "webhook", CancellationToken.None));
            await WaitUntilAsync(database, "SELECT count(*) FROM pipeline.runs WHERE job_name = 'hooked' AND status = 'succeeded'", n => n == 1);

            // Both syncs unfinished: the webhook overtook a running sync and a queued one.
            Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM pipeline.runs WHERE kind = 'sync' AND status <> 'running'"));
            Assert.Equal(1L, await ScalarAsync(database, "SELECT count(*) FROM pipeline.runs WHERE kind = 'sync'"));
            Assert.True(await ScalarAsync(database,
                "SELECT count(*) FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id WHERE d.source = 'pdf:hooked'") > 0);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static void WriteJob(TempFolder jobs, string name, string folder) =>
        File.WriteAllText(jobs.File(name + ".json"), $$"""
            { "name": "{{name}}", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "{{folder}}" } }
            """);

    private static async Task WaitUntilAsync(NpgsqlDataSource database, string sql, Func<long, bool> done)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        long value;
        while (!done(value = await ScalarAsync(database, sql)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting on: {sql} (last {value})");
            await Task.Delay(200);
        }
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
