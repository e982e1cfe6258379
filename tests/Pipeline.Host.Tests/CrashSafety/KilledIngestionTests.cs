using Npgsql;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Storage;

namespace Pipeline.Host.Tests.CrashSafety;

/// <summary>
/// The CLI is SIGKILLed mid-ingest (while extracting, between embedding batches, around commits), restarted each
/// time, and the final index must equal a clean run's: same documents, chunk ids and hashes, no orphans, nothing stuck.
/// </summary>
public sealed class KilledIngestionTests
{
    private static readonly string[] Files =
        ["dpr-paper-two-column.pdf", "plos-one-0196757-paper.pdf", "federal-register-2020-17221-3col.pdf", "rotation-page2-rotate90.pdf", "corrupt-broken-xref-offsets-gdrive.pdf"];

    [Fact]
    public async Task An_ingest_killed_at_several_points_and_restarted_ends_equal_to_a_clean_run()
    {
        using var folder = Corpus.CopyToTemp(Files);
        using var jobs = new TempFolder();
        var clean = Environment(await TestCluster.CreateDatabaseAsync("crash_clean"), jobs);
        var killed = Environment(await TestCluster.CreateDatabaseAsync("crash_killed"), jobs);
        var cleanRun = await CliProcess.RunAsync(clean, "ingest", "--pdf", folder.Path, "--json");
        Assert.True(cleanRun.ExitCode == 0, cleanRun.Stderr);
        await using var database = PipelineDataSource.Create(killed["PIPELINE_DB"]);

        // Kill when k documents are committed (the next one is being extracted or embedded), and once mid-first-document.
        var kills = 0;
        foreach (var committed in new[] { 0, 1, 2, 3 })
        {
            using var process = CliProcess.Start(killed, "ingest", "--pdf", folder.Path, "--json");
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (!process.HasExited && DateTime.UtcNow < deadline && await IndexedAsync(database) <= committed)
            {
                await Task.Delay(committed == 0 ? 1500 : 50);
                if (committed == 0)
                {
                    break;
                }
            }
            if (!process.HasExited)
            {
                process.Kill();
                kills++;
            }
            await process.WaitForExitAsync();
        }
        var final = await CliProcess.RunAsync(killed, "ingest", "--pdf", folder.Path, "--json");
        Assert.True(final.ExitCode == 0, final.Stderr);

        Assert.True(kills >= 3, $"only {kills} kills landed before the ingest finished");
        await using var cleanDatabase = PipelineDataSource.Create(clean["PIPELINE_DB"]);
        Assert.Equal(await ChunksAsync(cleanDatabase), await ChunksAsync(database));
        Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM pipeline.runs WHERE status = 'running'"));
        Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM pipeline.chunks c LEFT JOIN pipeline.documents d ON d.id = c.document_id WHERE d.id IS NULL OR d.status <> 'indexed'"));
        Assert.Equal(0L, await ScalarAsync(database, "SELECT count(*) FROM (SELECT document_id, ordinal FROM pipeline.chunks GROUP BY 1, 2 HAVING count(*) > 1) d"));
        Assert.True(await ScalarAsync(database, "SELECT count(*) FROM pipeline.runs WHERE status = 'failed' AND error LIKE 'abandoned%'") >= 1);
    }

    private static Dictionary<string, string> Environment(string connectionString, TempFolder jobs) => new()
    {
        ["PIPELINE_DB"] = connectionString,
        ["PIPELINE_JOBS_DIR"] = jobs.Path,
    };

    private static Task<long> IndexedAsync(NpgsqlDataSource database) =>
        ScalarAsync(database, "SELECT count(*) FROM pipeline.documents WHERE status = 'indexed'");

    private static async Task<long> ScalarAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Every chunk as "document#ordinal id hash", in order.</summary>
    private static async Task<List<string>> ChunksAsync(NpgsqlDataSource database)
    {
        var rows = new List<string>();
        await using var command = database.CreateCommand(
            "SELECT d.external_id, c.ordinal, c.id, c.content_hash FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id ORDER BY 1, 2");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add($"{reader.GetString(0)}#{reader.GetInt32(1)} {reader.GetString(2)} {reader.GetString(3)}");
        }
        return rows;
    }
}
