using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;
using Pipeline.Embeddings;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Jobs;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Jobs;

/// <summary>
/// <c>embedding.model</c> of a job file is the model its source starts with, whatever the service's default; after
/// the first sync the source's active model rules, so editing the file never switches or mixes the index.
/// </summary>
public sealed class EmbeddingModelCheckTests
{
    private const string ArcticName = "Snowflake/snowflake-arctic-embed-xs";

    [Fact]
    public async Task A_job_naming_arctic_embeds_with_arctic_on_a_MiniLM_service_and_its_source_keeps_arctic_when_the_file_changes()
    {
        using var pdfs = Corpus.CopyToTemp("rotation-page2-rotate90.pdf");
        await using var harness = await PipelineHarness.CreateAsync("model_job", jobs => WriteJob(jobs, pdfs.Path, "arctic-embed-xs"));
        var ingestion = harness.Services.GetRequiredService<JobIngestion>();

        var first = await ingestion.RunAsync("model-check", "test", null, CancellationToken.None);

        Assert.True(first.ChunksWritten > 0);
        Assert.Equal(ArcticName, await harness.ScalarAsync<string>("SELECT string_agg(DISTINCT model, ',') FROM pipeline.chunk_vectors"));
        Assert.Equal(ArcticName, await harness.ScalarAsync<string>("SELECT model FROM pipeline.source_models"));

        // The file now names MiniLM; a reprocessing sync still writes Arctic vectors, the active model of the source.
        WriteJob(harness.Jobs, pdfs.Path, "all-MiniLM-L6-v2");
        await using var restarted = harness.Restarted();
        await restarted.Services.GetRequiredService<JobIngestion>().RunAsync("model-check", "test", null, CancellationToken.None, reprocess: true);

        Assert.Equal(ArcticName, await harness.ScalarAsync<string>("SELECT string_agg(DISTINCT model, ',') FROM pipeline.chunk_vectors"));
        Assert.Equal(ArcticName, await harness.ScalarAsync<string>("SELECT model FROM pipeline.source_models"));
    }

    [Fact]
    public void A_job_naming_an_unknown_model_is_refused_listing_the_packaged_ones()
    {
        using var jobs = new TempFolder();
        WriteJob(jobs, jobs.Path);
        var job = JobCatalog.LoadFile(jobs.File("model-check.json"));
        var unknown = job with { Embedding = new EmbeddingSettings { Model = "bge-small-en-v1.5" } };

        var error = Assert.Throws<JobDefinitionException>(() => EmbeddingModelCheck.Ensure(unknown));

        Assert.Contains("'bge-small-en-v1.5' is not a packaged model", error.Message);
        Assert.Contains(string.Join(", ", ModelRegistry.Ids), error.Message);
    }

    [Fact]
    public void The_job_schema_allows_exactly_the_registry_ids()
    {
        using var stream = typeof(JobCatalog).Assembly.GetManifestResourceStream("job.schema.json")!;
        var schema = JsonNode.Parse(stream)!;

        var allowed = schema["properties"]!["embedding"]!["properties"]!["model"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>());

        Assert.Equal(ModelRegistry.Ids, allowed);
    }

    private static void WriteJob(TempFolder jobs, string folder, string model = "all-MiniLM-L6-v2") => File.WriteAllText(jobs.File("model-check.json"), $$"""
        { "name": "model-check", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "{{folder}}" },
          "embedding": { "model": "{{model}}" } }
        """);
}
