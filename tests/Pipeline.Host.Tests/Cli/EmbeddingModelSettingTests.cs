using System.Text.Json;
using Npgsql;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Cli;

/// <summary><c>PIPELINE_EMBEDDING_MODEL</c> picks the registry model the whole process embeds with, checked at start-up.</summary>
public sealed class EmbeddingModelSettingTests
{
    [Fact]
    public async Task An_unknown_model_stops_start_up_listing_the_valid_ids()
    {
        using var jobs = new TempFolder();
        var environment = new Dictionary<string, string>
        {
            ["PIPELINE_DB"] = await TestCluster.CreateDatabaseAsync("model_unknown"),
            ["PIPELINE_JOBS_DIR"] = jobs.Path,
            ["PIPELINE_EMBEDDING_MODEL"] = "bge-small-en-v1.5",
        };

        var result = await CliProcess.RunAsync(environment, "status");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("PIPELINE_EMBEDDING_MODEL is 'bge-small-en-v1.5'", result.Stderr);
        Assert.Contains("valid: all-MiniLM-L6-v2, arctic-embed-xs, all-MiniLM-L6-v2-int8, arctic-embed-xs-int8", result.Stderr);
    }

    [Fact]
    public async Task With_arctic_int8_selected_the_variant_is_built_into_the_model_cache_and_its_vectors_are_stored_under_its_name()
    {
        using var folder = Corpus.CopyToTemp("dpr-paper-two-column.pdf");
        using var jobs = new TempFolder();
        using var data = new TempFolder();
        File.WriteAllText(jobs.File("arctic8.json"), $$"""
            { "name": "arctic8", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "{{folder.Path}}" },
              "embedding": { "model": "arctic-embed-xs-int8" } }
            """);
        var database = await TestCluster.CreateDatabaseAsync("model_arctic_int8_cli");
        var environment = new Dictionary<string, string>
        {
            ["PIPELINE_DB"] = database,
            ["PIPELINE_JOBS_DIR"] = jobs.Path,
            // A cache of its own: the test sees the build happen and land where PIPELINE_MODEL_CACHE says.
            ["PIPELINE_MODEL_CACHE"] = data.Path,
            ["PIPELINE_EMBEDDING_MODEL"] = "arctic-embed-xs-int8",
        };

        var ingest = await CliProcess.RunAsync(environment, "ingest", "--job", "arctic8", "--json");
        Assert.True(ingest.ExitCode == 0, ingest.Stderr);

        await using (var source = NpgsqlDataSource.Create(database))
        await using (var command = source.CreateCommand("SELECT DISTINCT model FROM pipeline.chunk_vectors"))
        {
            Assert.Equal("Snowflake/snowflake-arctic-embed-xs-int8", (string?)await command.ExecuteScalarAsync());
        }
        var cached = Path.Combine(data.Path, "models", "arctic-embed-xs-int8.onnx");
        Assert.True(File.Exists(cached));
        Assert.Contains("sha256 " + Embeddings.ModelRegistry.ArcticXsInt8.Sha256, File.ReadAllText(cached + ".sha256"));
    }

    [Fact]
    public async Task With_arctic_selected_a_job_naming_arctic_stores_arctic_vectors_and_query_finds_the_source()
    {
        using var folder = Corpus.CopyToTemp("dpr-paper-two-column.pdf", "rotation-page2-rotate90.pdf");
        using var jobs = new TempFolder();
        File.WriteAllText(jobs.File("arctic.json"), $$"""
            { "name": "arctic", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "{{folder.Path}}" },
              "embedding": { "model": "arctic-embed-xs" } }
            """);
        var database = await TestCluster.CreateDatabaseAsync("model_arctic_cli");
        var environment = new Dictionary<string, string>
        {
            ["PIPELINE_DB"] = database,
            ["PIPELINE_JOBS_DIR"] = jobs.Path,
            ["PIPELINE_EMBEDDING_MODEL"] = "arctic-embed-xs",
        };

        var ingest = await CliProcess.RunAsync(environment, "ingest", "--job", "arctic", "--json");
        Assert.True(ingest.ExitCode == 0, ingest.Stderr);

        await using (var data = NpgsqlDataSource.Create(database))
        await using (var command = data.CreateCommand("SELECT DISTINCT model FROM pipeline.chunk_vectors"))
        {
            Assert.Equal("Snowflake/snowflake-arctic-embed-xs", (string?)await command.ExecuteScalarAsync());
        }
        var query = await CliProcess.RunAsync(environment, "query", "which method do sparse vector space models use for passage retrieval", "--top", "1", "--json");
        Assert.True(query.ExitCode == 0, query.Stderr);
        using var hits = JsonDocument.Parse(query.Stdout);
        Assert.Equal("dpr-paper-two-column.pdf", hits.RootElement[0].GetProperty("document").GetString());

        // On a MiniLM service the source still answers with Arctic, its active model: the default never mixes into it.
        var miniLm = new Dictionary<string, string>(environment) { ["PIPELINE_EMBEDDING_MODEL"] = "all-MiniLM-L6-v2" };
        var resync = await CliProcess.RunAsync(miniLm, "ingest", "--job", "arctic", "--reprocess", "--json");
        Assert.True(resync.ExitCode == 0, resync.Stderr);
        var again = await CliProcess.RunAsync(miniLm, "query", "which method do sparse vector space models use for passage retrieval", "--top", "1", "--json");
        Assert.True(again.ExitCode == 0, again.Stderr);
        using var hitsAgain = JsonDocument.Parse(again.Stdout);
        Assert.Equal("dpr-paper-two-column.pdf", hitsAgain.RootElement[0].GetProperty("document").GetString());
        await using (var data = NpgsqlDataSource.Create(database))
        await using (var command = data.CreateCommand("SELECT string_agg(DISTINCT model, ',') FROM pipeline.chunk_vectors"))
        {
            Assert.Equal("Snowflake/snowflake-arctic-embed-xs", (string?)await command.ExecuteScalarAsync());
        }
    }
}
