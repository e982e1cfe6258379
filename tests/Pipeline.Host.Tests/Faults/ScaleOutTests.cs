using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Npgsql;
using Pipeline.Host.Scheduling;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Storage;
using Xunit.Abstractions;

namespace Pipeline.Host.Tests.Faults;

/// <summary>
/// Two <c>pipeline serve</c> processes on one database share syncs and single-document re-ingestions that overlap the
/// same documents; the result must equal one process running each job once.
/// </summary>
public sealed class ScaleOutTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string[]> JobFiles = new()
    {
        ["scale-a"] = ["dpr-paper-two-column.pdf", "rotation-page2-rotate90.pdf"],
        ["scale-b"] = ["federal-register-2020-17221-3col.pdf", "nics-checks-2015-11-table-rotate90.pdf"],
        ["scale-c"] = ["corrupt-broken-xref-offsets-gdrive.pdf", "encrypted-owner-only-nocopy.pdf"],
    };

    [Fact]
    public async Task Two_services_on_one_database_share_the_jobs_and_embed_each_document_once_like_a_single_process()
    {
        using var jobs = new TempFolder();
        var folders = JobFiles.ToDictionary(j => j.Key, j => Corpus.CopyToTemp(j.Value));
        try
        {
            foreach (var (name, folder) in folders)
            {
                File.WriteAllText(jobs.File(name + ".json"), $$"""
                    { "name": "{{name}}", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "{{folder.Path}}" } }
                    """);
            }
            // A cluster of its own: two services hold a few dozen connections, too many to share the test cluster's 50.
            await using var cluster = new PrivateCluster();
            var shared = await cluster.StartAsync();
            var single = await cluster.CreateDatabaseAsync("single");
            foreach (var name in JobFiles.Keys)
            {
                var run = await CliProcess.RunAsync(Environment(single, jobs), "ingest", "--job", name, "--json");
                Assert.True(run.ExitCode == 0, run.Stderr);
            }

            // One after the other: the first creates Hangfire's schema.
            using var first = await ServiceProcess.StartAsync(Environment(shared, jobs));
            using var second = await ServiceProcess.StartAsync(Environment(shared, jobs));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            // Every job triggered from both dashboards: the second sync of a source waits for the first, then finds it done.
            foreach (var service in new[] { first, second })
            {
                await TriggerAsync(service, JobFiles.Keys);
            }
            // And every document re-ingested as a webhook would, while the syncs run.
            var client = new BackgroundJobClient(HangfireStorage(shared));
            foreach (var (name, files) in JobFiles)
            {
                foreach (var file in files)
                {
                    client.Create<ReingestDocumentJob>(j => j.RunAsync(name, file, "webhook", CancellationToken.None), new Hangfire.States.EnqueuedState(ReingestDocumentJob.Queue));
                }
            }
            var expectedJobs = 2 * JobFiles.Count + JobFiles.Values.Sum(f => f.Length);

            await using var database = PipelineDataSource.Create(shared);
            var deadline = DateTime.UtcNow.AddMinutes(6);
            long peakConnections = 0;
            while (await ScalarAsync(database, "SELECT count(*) FROM hangfire.job WHERE statename IN ('Succeeded', 'Failed')") < expectedJobs)
            {
                peakConnections = Math.Max(peakConnections, await ScalarAsync(database, "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"));
                Assert.True(DateTime.UtcNow < deadline, $"jobs unfinished; first: {first.Stderr}\nsecond: {second.Stderr}");
                await Task.Delay(500);
            }
            output.WriteLine($"{expectedJobs} jobs in {clock.Elapsed.TotalSeconds:0} s; at most {peakConnections} client connections (both services and this test)");
            await using var singleDatabase = PipelineDataSource.Create(single);
            var embeddingsSingle = await ScalarAsync(singleDatabase, EmbeddingsSql);
            var embeddingsShared = await ScalarAsync(database, EmbeddingsSql);
            output.WriteLine($"embeddings: single process {embeddingsSingle}, two processes {embeddingsShared}");
            await using (var runs = database.CreateCommand(
                "SELECT id, job_name, kind, status, started_at, finished_at, summary->>'embeddings_computed', summary->'documents' FROM pipeline.runs ORDER BY id"))
            await using (var reader = await runs.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    output.WriteLine(string.Join(" ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "-" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
                }
            }

            Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM hangfire.job WHERE statename <> 'Succeeded'"));
            var servers = await ProcessingServersAsync(database);
            output.WriteLine("processed on: " + string.Join(", ", servers.Order()));
            Assert.Contains(servers, s => s.Contains($":{first.Pid}:", StringComparison.Ordinal));
            Assert.Contains(servers, s => s.Contains($":{second.Pid}:", StringComparison.Ordinal));
            Assert.Equal(expectedJobs, await ScalarAsync(database, "SELECT count(*) FROM pipeline.runs WHERE status = 'succeeded'"));
            Assert.Equal(embeddingsSingle, embeddingsShared);
            Assert.Equal(await IndexSnapshot.DocumentsAsync(single), await IndexSnapshot.DocumentsAsync(shared));
            Assert.Equal(await IndexSnapshot.ChunksAsync(single), await IndexSnapshot.ChunksAsync(shared));
        }
        finally
        {
            foreach (var folder in folders.Values)
            {
                folder.Dispose();
            }
        }
    }

    private const string EmbeddingsSql = "SELECT coalesce(sum((summary->>'embeddings_computed')::bigint), 0)::bigint FROM pipeline.runs";

    private static Dictionary<string, string> Environment(string connectionString, TempFolder jobs) => new()
    {
        ["PIPELINE_DB"] = connectionString,
        ["PIPELINE_JOBS_DIR"] = jobs.Path,
        ["PIPELINE_ONNX_THREADS"] = "1",
        ["PIPELINE_INGEST_WORKERS"] = "1",
        ["PIPELINE_WEBHOOK_WORKERS"] = "1",
        ["PIPELINE_JOB_RETRY_DELAYS"] = "1,2,5",
    };

    /// <summary>"Trigger now" on the dashboard's recurring jobs page, as an operator would.</summary>
    private static async Task TriggerAsync(ServiceProcess service, IEnumerable<string> jobNames)
    {
        using var http = new HttpClient { BaseAddress = service.BaseAddress };
        // The dashboard's POSTs carry Hangfire's antiforgery token, read from the page as its script reads it.
        var (header, token) = await Dashboard.DashboardService.AntiforgeryAsync(http, "/hangfire/recurring");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hangfire/recurring/trigger")
        {
            Content = new FormUrlEncodedContent(jobNames.Select(name => new KeyValuePair<string, string>("jobs[]", name))),
        };
        request.Headers.Add(header, token);
        var response = await http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"trigger answered {(int)response.StatusCode}");
    }

    private static PostgreSqlStorage HangfireStorage(string connectionString)
    {
        var options = new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = false };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    /// <summary>The Hangfire server of every job's processing state: which process ran it.</summary>
    private static async Task<List<string>> ProcessingServersAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand("SELECT data::jsonb->>'ServerId' FROM hangfire.state WHERE name = 'Processing'");
        await using var reader = await command.ExecuteReaderAsync();
        var servers = new List<string>();
        while (await reader.ReadAsync())
        {
            servers.Add(reader.GetString(0));
        }
        return servers;
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
