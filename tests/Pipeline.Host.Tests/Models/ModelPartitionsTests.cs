using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Embedding;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Storage.Models;

namespace Pipeline.Host.Tests.Models;

/// <summary>One partition per model, created at first use, and stores that replace a model's vector rather than keep it.</summary>
public sealed class ModelPartitionsTests
{
    [Fact]
    public async Task A_model_gets_its_own_partition_with_a_dimension_check_and_hnsw_index_and_another_graph_under_its_name_is_refused()
    {
        await using var harness = await PipelineHarness.CreateAsync("model_partition");
        var partitions = new ModelPartitions(harness.DataSource);
        var model = new EmbeddingModelInfo("example/model-8", new string('a', 64), 8, 128);

        var partition = await partitions.EnsureAsync(model, CancellationToken.None);

        Assert.Equal(ModelPartitions.PartitionName(model.Id), partition);
        Assert.Equal("hnsw", await harness.ScalarAsync<string>(
            "SELECT am.amname FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am am ON am.oid = i.relam WHERE x.indrelid = ('pipeline.' || @p)::regclass AND am.amname = 'hnsw'",
            ("p", partition)));
        Assert.Contains("vector(8)", await harness.ScalarAsync<string>(
            "SELECT pg_get_indexdef(x.indexrelid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_am am ON am.oid = i.relam WHERE x.indrelid = ('pipeline.' || @p)::regclass AND am.amname = 'hnsw'",
            ("p", partition)));
        Assert.Equal(partition, await new ModelPartitions(harness.DataSource).EnsureAsync(model, CancellationToken.None));
        var other = await Assert.ThrowsAsync<ModelMismatchException>(() =>
            new ModelPartitions(harness.DataSource).EnsureAsync(model with { Sha256 = new string('b', 64) }, CancellationToken.None));
        Assert.Contains("models drop", other.Message);
    }

    [Fact]
    public async Task Storing_a_chunk_again_replaces_a_vector_another_graph_computed_instead_of_keeping_it()
    {
        using var folder = Corpus.CopyToTemp("rotation-page2-rotate90.pdf");
        await using var harness = await PipelineHarness.CreateAsync("model_replace");
        await harness.IngestFolderAsync(folder.Path);
        var model = SharedEmbedder.Value.Model;
        var original = await harness.ScalarAsync<string>("SELECT embedding::text FROM pipeline.chunk_vectors ORDER BY chunk_id LIMIT 1");
        await harness.ScalarAsync<int>(
            "UPDATE pipeline.chunk_vectors SET model_sha256 = 'old-graph', embedding = array_fill(0.05::real, ARRAY[384])::vector WHERE chunk_id = (SELECT min(chunk_id) FROM pipeline.chunk_vectors) RETURNING 1");

        var again = await harness.IngestFolderAsync(folder.Path, reprocess: true);

        Assert.Equal(1, again.EmbeddingsComputed);
        Assert.Equal((model.Sha256, original), (
            await harness.ScalarAsync<string>("SELECT model_sha256 FROM pipeline.chunk_vectors ORDER BY chunk_id LIMIT 1"),
            await harness.ScalarAsync<string>("SELECT embedding::text FROM pipeline.chunk_vectors ORDER BY chunk_id LIMIT 1")));
    }
}
