using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Embedding;
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

    private static void WriteJob(TempFolder jobs, string folder) => File.WriteAllText(jobs.File("model-check.json"), $$"""
        { "name": "model-check", "schedule": "0 2 * * *", "source": { "kind": "pdf-folder", "path": "{{folder}}" },
          "embedding": { "model": "all-MiniLM-L6-v2" } }
        """);

    /// <summary>The packaged model's vectors under another model's name: what a service built with a different model reports.</summary>
    private sealed class OtherModelEmbedder(IEmbedder real) : IEmbedder
    {
        public EmbeddingModelInfo Model => real.Model with { Id = "BAAI/bge-small-en-v1.5" };

        public Task<EmbeddingResult> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) => real.EmbedAsync(texts, cancellationToken);
    }
}
