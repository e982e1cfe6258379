using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Pipeline.Host.Scheduling;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Host.Tests.Scheduling;
using Pipeline.Storage;
using Xunit.Abstractions;

namespace Pipeline.Host.Tests.Faults;

/// <summary>
/// PostgreSQL restarts (fast shutdown: every session cut) while the service's Hangfire job is mid-sync. On a cluster
/// of its own: the shared test cluster must not go down under other tests.
/// </summary>
[Collection(InProcessService.Collection)]
public sealed class DatabaseRestartTests(ITestOutputHelper output)
{
    private const string JobName = "restart-docs";

    private static readonly string[] Files =
        ["dpr-paper-two-column.pdf", "federal-register-2020-17221-3col.pdf", "nics-checks-2015-11-table-rotate90.pdf", "rotation-page2-rotate90.pdf"];

    [Fact]
    public async Task A_sync_cut_by_a_database_restart_retries_to_a_clean_runs_index_and_no_reader_sees_a_partial_document()
    {
        using var folder = Corpus.CopyToTemp(Files);
        using var home = new TempFolder();
        var jobs = Directory.CreateDirectory(home.File("jobs")).FullName;
        File.WriteAllText(Path.Combine(jobs, JobName + ".json"), $$"""
            { "name": "{{JobName}}", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "{{folder.Path}}" } }
            """);
        await using var cluster = new PrivateCluster();
        var connectionString = await cluster.StartAsync();
        var cleanConnectionString = await cluster.CreateDatabaseAsync("clean");
        var clean = await CliProcess.RunAsync(
            new Dictionary<string, string> { ["PIPELINE_DB"] = cleanConnectionString, ["PIPELINE_JOBS_DIR"] = jobs, ["PIPELINE_ONNX_THREADS"] = "1" },
            "ingest", "--job", JobName, "--json");
        Assert.True(clean.ExitCode == 0, clean.Stderr);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var expected = await IndexSnapshot.ChunkCountsAsync(cleanConnectionString);
        Assert.Equal(Files.Length, expected.Count);

        await using var reader = new ConsistencyReader(connectionString, "pdf:" + JobName, expected);
        reader.Start();
        await using var service = await WebApplicationHandle.StartAsync(new PipelineSettings
        {
            ConnectionString = connectionString,
            DataDirectory = home.File(".data"),
            JobsDirectory = jobs,
            HomeDirectory = home.Path,
            OnnxThreads = 1,
            IngestWorkers = 1,
            WebhookWorkers = 1,
            JobRetryDelays = [1, 2, 2, 5, 5],
            // A job whose failure could not be recorded while the database was down stays fetched until this timeout
            // (Hangfire's recovery of a stranded job); 300 s by default, longer than this test waits. Sliding, so a
            // job that is running keeps its claim.
            JobInvisibilitySeconds = 20,
        });
        var client = service.App.Services.GetRequiredService<IBackgroundJobClient>();
        client.Enqueue<IngestJob>(j => j.RunAsync(JobName, "test", CancellationToken.None));

        await WaitForAsync(() => Task.FromResult(reader.Indexed >= 1), "a first document committed");
        var indexedAtRestart = reader.Indexed;
        await cluster.RestartAsync();

        await using var database = PipelineDataSource.Create(connectionString);
        try
        {
            await WaitForAsync(async () => await ScalarAsync(database, $"SELECT count(*) FROM pipeline.runs WHERE job_name = '{JobName}' AND kind = 'sync' AND status = 'succeeded'") == 1,
                "the sync to succeed after the restart");
        }
        finally
        {
            // On a timeout, what the runs table says is what tells a slow recovery from a lost job.
            foreach (var run in await RunsAsync(database))
            {
                output.WriteLine(run);
            }
        }
        // Hangfire's own connections came back too: a new job is fetched, run and recorded.
        client.Enqueue<ReingestDocumentJob>(j => j.RunAsync(JobName, "rotation-page2-rotate90.pdf", "webhook", CancellationToken.None));
        await WaitForAsync(async () => await ScalarAsync(database, $"SELECT count(*) FROM pipeline.runs WHERE kind = 'document' AND status = 'succeeded'") == 1,
            "a job queued after the restart to run");
        await reader.StopAsync();

        output.WriteLine($"service run and check: {clock.Elapsed.TotalSeconds:0} s; restart after {indexedAtRestart} of {Files.Length} documents; reader: {reader.Polls} polls, {reader.FailedPolls} failed, {reader.PollsAfterOutage} after the outage");
        Assert.True(indexedAtRestart < Files.Length, "the restart landed after the sync had finished");
        Assert.Empty(reader.Violations);
        Assert.True(reader.FailedPolls > 0 && reader.PollsAfterOutage > 0, "the reader did not live through the outage");
        Assert.Equal(await IndexSnapshot.DocumentsAsync(cleanConnectionString), await IndexSnapshot.DocumentsAsync(connectionString));
        Assert.Equal(await IndexSnapshot.ChunksAsync(cleanConnectionString), await IndexSnapshot.ChunksAsync(connectionString));
        Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM pipeline.runs WHERE status = 'running'"));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddMinutes(4);
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (NpgsqlException)
            {
                // The database is restarting; ask again.
            }
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<string>> RunsAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand(
            "SELECT id, kind, status, coalesce(error, ''), coalesce((summary->>'embeddings_computed')::text, '') FROM pipeline.runs ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync();
        var runs = new List<string>();
        while (await reader.ReadAsync())
        {
            runs.Add($"run {reader.GetInt64(0)} {reader.GetString(1)} {reader.GetString(2)} embeddings={reader.GetString(4)} {reader.GetString(3)}");
        }
        return runs;
    }
}
