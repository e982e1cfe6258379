using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;
using Pipeline.Core.Embedding;
using Pipeline.Embeddings;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Jobs;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Jobs;

/// <summary><c>embedding.model</c> of a job file names the model its vectors must come from; the running model must be it.</summary>
public sealed class EmbeddingModelCheckTests
{
    [Fact]
    public async Task A_job_naming_the_running_model_runs()
    {
        using var empty = new TempFolder();
        await using var harness = await PipelineHarness.CreateAsync("model_ok", jobs => WriteJob(jobs, empty.Path));

        var run = await harness.Services.GetRequiredService<JobIngestion>().RunAsync("model-check", "test", null, CancellationToken.None);

        Assert.Equal("succeeded", await harness.ScalarAsync<string>("SELECT status FROM pipeline.runs WHERE id = @id", ("id", run.RunId)));
    }

    [Fact]
    public async Task A_job_naming_another_model_is_refused_with_both_names()
    {
        using var empty = new TempFolder();
        await using var harness = await PipelineHarness.CreateAsync("model_other", jobs => WriteJob(jobs, empty.Path),
            services => services.AddSingleton<IEmbedder>(new OtherModelEmbedder(SharedEmbedder.Value)));

        var error = await Assert.ThrowsAsync<JobDefinitionException>(() =>
            harness.Services.GetRequiredService<JobIngestion>().RunAsync("model-check", "test", null, CancellationToken.None));

        Assert.Contains("all-MiniLM-L6-v2", error.Message);
        Assert.Contains("BAAI/bge-small-en-v1.5", error.Message);
        Assert.Equal(0L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.runs"));
    }

    [Fact]
    public async Task A_job_naming_a_packaged_model_the_service_does_not_run_is_refused_naming_the_setting_that_selects_it()
    {
        using var empty = new TempFolder();
        await using var harness = await PipelineHarness.CreateAsync("model_arctic", jobs => WriteJob(jobs, empty.Path, "arctic-embed-xs"));

        var error = await Assert.ThrowsAsync<JobDefinitionException>(() =>
            harness.Services.GetRequiredService<JobIngestion>().RunAsync("model-check", "test", null, CancellationToken.None));

        Assert.Contains("sentence-transformers/all-MiniLM-L6-v2", error.Message);
        Assert.Contains("PIPELINE_EMBEDDING_MODEL=arctic-embed-xs", error.Message);
        Assert.Equal(0L, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.runs"));
    }

    [Fact]
    public void A_job_naming_an_unknown_model_is_refused_listing_the_packaged_ones()
    {
        using var jobs = new TempFolder();
        WriteJob(jobs, jobs.Path);
        var job = JobCatalog.LoadFile(jobs.File("model-check.json"));
        var unknown = job with { Embedding = new EmbeddingSettings { Model = "bge-small-en-v1.5" } };

        var error = Assert.Throws<JobDefinitionException>(() => EmbeddingModelCheck.Ensure(unknown, SharedEmbedder.Value.Model));

        Assert.Contains("'bge-small-en-v1.5' is not a packaged model", error.Message);
        Assert.Contains("all-MiniLM-L6-v2, arctic-embed-xs", error.Message);
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

    /// <summary>The packaged model's vectors under another model's name: what a service built with a different model reports.</summary>
    private sealed class OtherModelEmbedder(IEmbedder real) : IEmbedder
    {
        public EmbeddingModelInfo Model => real.Model with { Id = "BAAI/bge-small-en-v1.5" };

        public Task<EmbeddingResult> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) => real.EmbedAsync(texts, cancellationToken);
    }
}
