using System.Security.Cryptography;
using Pipeline.Embeddings;

namespace Pipeline.Embeddings.Tests;

/// <summary>The registry pins what each model id means: bytes, shape, pooling and query prefix.</summary>
public sealed class ModelRegistryTests
{
    [Fact]
    public void Registry_lists_the_packaged_models_then_their_int8_variants_and_the_default_is_minilm_int8()
    {
        Assert.Equal(["all-MiniLM-L6-v2", "arctic-embed-xs", "all-MiniLM-L6-v2-int8", "arctic-embed-xs-int8"], ModelRegistry.Ids);
        Assert.Same(ModelRegistry.MiniLmInt8, ModelRegistry.Get(ModelRegistry.DefaultId));
        Assert.Same(ModelRegistry.MiniLm, ModelRegistry.BaseOf(ModelRegistry.Get(ModelRegistry.DefaultId)));
    }

    [Theory]
    [InlineData("all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2", 384, 512, Pooling.Mean, "")]
    [InlineData("arctic-embed-xs", "Snowflake/snowflake-arctic-embed-xs", 384, 512, Pooling.Cls, "Represent this sentence for searching relevant passages: ")]
    public void Entry_has_its_name_shape_pooling_and_query_prefix(string id, string name, int dimensions, int maxTokens, Pooling pooling, string prefix)
    {
        var model = ModelRegistry.Get(id);

        Assert.Equal(name, model.Name);
        Assert.Equal(dimensions, model.Dimensions);
        Assert.Equal(maxTokens, model.MaxTokens);
        Assert.Equal(pooling, model.Pooling);
        Assert.Equal(prefix, model.QueryPrefix);
    }

    [Theory]
    [InlineData("all-MiniLM-L6-v2")]
    [InlineData("arctic-embed-xs")]
    public void Pinned_sha256_is_the_hash_of_the_packaged_onnx_bytes(string id)
    {
        var model = ModelRegistry.Get(id);

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(model.Bytes.ReadOnnx())), model.Sha256);
    }

    [Fact]
    public void A_model_is_found_by_id_or_full_name_ignoring_case()
    {
        Assert.Same(ModelRegistry.ArcticXs, ModelRegistry.Find("ARCTIC-embed-xs"));
        Assert.Same(ModelRegistry.ArcticXs, ModelRegistry.Find("Snowflake/snowflake-arctic-embed-xs"));
        Assert.Same(ModelRegistry.MiniLm, ModelRegistry.Find("sentence-transformers/all-MiniLM-L6-v2"));
        Assert.Null(ModelRegistry.Find("bge-small-en-v1.5"));
    }

    [Fact]
    public void An_unknown_id_is_refused_listing_the_valid_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelRegistry.Create("bge-small-en-v1.5"));

        Assert.Contains("bge-small-en-v1.5", error.Message);
        Assert.Contains("all-MiniLM-L6-v2, arctic-embed-xs", error.Message);
    }

    [Fact]
    public void Bytes_that_differ_from_the_pinned_hash_are_refused_at_load()
    {
        var tampered = ModelRegistry.MiniLm with { Id = "tampered", Bytes = new BuiltModelBytes(ModelRegistry.MiniLm.Bytes, onnx => [.. onnx, 0]) };

        var error = Assert.Throws<InvalidOperationException>(() => new OnnxEmbedder(tampered));

        Assert.Contains("tampered", error.Message);
        Assert.Contains(ModelRegistry.MiniLm.Sha256, error.Message);
    }

    [Fact]
    public void Created_embedder_reports_the_entry_as_its_model()
    {
        using var embedder = ModelRegistry.Create("arctic-embed-xs");

        Assert.Equal("Snowflake/snowflake-arctic-embed-xs", embedder.Model.Id);
        Assert.Equal(ModelRegistry.ArcticXs.Sha256, embedder.Model.Sha256);
        Assert.Equal(ModelRegistry.ArcticXs.QueryPrefix, embedder.Model.QueryPrefix);
        Assert.Equal(512, embedder.MaxModelTokens);
    }
}
