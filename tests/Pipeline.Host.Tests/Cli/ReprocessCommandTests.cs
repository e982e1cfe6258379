using System.Text.Json;
using Npgsql;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Cli;

/// <summary><c>status</c> counts the documents a changed job will reprocess; <c>ingest --reprocess</c> forces it. Child processes, real database.</summary>
public sealed class ReprocessCommandTests
{
    [Fact]
    public async Task Status_shows_documents_pending_reprocess_until_the_sync_and_reprocess_flag_re_extracts_without_embedding()
    {
        using var folder = Corpus.CopyToTemp("rotation-page2-rotate90.pdf", "two-column-narrow-gutter-report-2p.pdf");
        using var jobs = new TempFolder();
        var database = await TestCluster.CreateDatabaseAsync("cli_reprocess");
        var environment = new Dictionary<string, string> { ["PIPELINE_DB"] = database, ["PIPELINE_JOBS_DIR"] = jobs.Path };
        WriteJob(jobs, folder.Path, maxTokens: 384);
        Assert.Equal(0, (await IngestAsync(environment)).GetProperty("documents").GetProperty("failed").GetInt32());
        Assert.Equal(0, await PendingAsync(environment));

        WriteJob(jobs, folder.Path, maxTokens: 64);
        Assert.Equal(2, await PendingAsync(environment));
        var text = await CliProcess.RunAsync(environment, "status");
        Assert.Contains("reprocess pending: job docs source pdf:docs: 2 documents", text.Stdout);

        var sync = await IngestAsync(environment);
        Assert.Equal(2, sync.GetProperty("documents").GetProperty("reprocessed").GetInt32());
        Assert.Equal(0, await PendingAsync(environment));

        // Nothing changed, yet --reprocess reads and chunks both again; the chunk texts are the same, so no vector is computed.
        var before = await ChunksAsync(database);
        var forced = await IngestAsync(environment, "--reprocess");
        var documents = forced.GetProperty("documents");
        Assert.Equal((2, 2), (documents.GetProperty("reprocessed").GetInt32(), documents.GetProperty("changed").GetInt32()));
        Assert.Equal(0, forced.GetProperty("embeddings_computed").GetInt64());
        Assert.Equal(before.Count, forced.GetProperty("embeddings_reused").GetInt64());
        Assert.Equal(before, await ChunksAsync(database));
    }

    private static void WriteJob(TempFolder jobs, string folder, int maxTokens) => File.WriteAllText(jobs.File("docs.json"), $$"""
        {
          "name": "docs",
          "schedule": "0 2 * * *",
          "source": { "kind": "pdf-folder", "path": {{JsonSerializer.Serialize(folder)}} },
          "chunking": { "maxTokens": {{maxTokens}} }
        }
        """);

    private static async Task<JsonElement> IngestAsync(Dictionary<string, string> environment, params string[] extra)
    {
        var result = await CliProcess.RunAsync(environment, ["ingest", "--job", "docs", "--json", .. extra]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.Clone();
    }

    private static async Task<long> PendingAsync(Dictionary<string, string> environment)
    {
        var result = await CliProcess.RunAsync(environment, "status", "--json");
        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var entry = Assert.Single(json.RootElement.GetProperty("reprocess").EnumerateArray());
        Assert.Equal(("docs", "pdf:docs"), (entry.GetProperty("job").GetString(), entry.GetProperty("source").GetString()));
        return entry.GetProperty("reprocess_pending").GetInt64();
    }

    /// <summary>Chunk id to the vector it holds, as text: a re-embedded chunk would show a new row or vector.</summary>
    private static async Task<Dictionary<string, string>> ChunksAsync(string database)
    {
        await using var dataSource = NpgsqlDataSource.Create(database);
        await using var command = dataSource.CreateCommand("SELECT c.id, v.embedding::text || c.created_at::text || v.created_at::text FROM pipeline.chunks c JOIN pipeline.chunk_vectors v ON v.chunk_id = c.id");
        await using var reader = await command.ExecuteReaderAsync();
        var result = new Dictionary<string, string>();
        while (await reader.ReadAsync())
        {
            result[reader.GetString(0)] = reader.GetString(1);
        }
        return result;
    }
}
