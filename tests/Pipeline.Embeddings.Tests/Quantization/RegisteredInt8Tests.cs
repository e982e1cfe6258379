using System.Security.Cryptography;
using Pipeline.Embeddings.Quantization;

namespace Pipeline.Embeddings.Tests.Quantization;

/// <summary>
/// The int8 variants as registry entries: built at first use into the data folder, their hash pinned in the entry,
/// and their vectors close to their fp32 base's.
/// </summary>
public sealed class RegisteredInt8Tests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("int8-registry-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Theory]
    [InlineData("all-MiniLM-L6-v2-int8", "all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2-int8")]
    [InlineData("arctic-embed-xs-int8", "arctic-embed-xs", "Snowflake/snowflake-arctic-embed-xs-int8")]
    public void Int8_entry_has_its_bases_shape_pooling_and_prefix_and_its_own_name(string id, string baseId, string name)
    {
        var model = ModelRegistry.Get(id);
        var fp32 = ModelRegistry.Get(baseId);

        Assert.Equal(name, model.Name);
        Assert.Equal(fp32.Dimensions, model.Dimensions);
        Assert.Equal(fp32.MaxTokens, model.MaxTokens);
        Assert.Equal(fp32.Pooling, model.Pooling);
        Assert.Equal(fp32.QueryPrefix, model.QueryPrefix);
    }

    [Theory]
    [InlineData("all-MiniLM-L6-v2-int8", "all-MiniLM-L6-v2")]
    [InlineData("arctic-embed-xs-int8", "arctic-embed-xs")]
    public void Int8_entry_loads_from_the_data_folder_and_its_pinned_hash_is_the_build_output(string id, string baseId)
    {
        var built = Int8Quantizer.Build(ModelRegistry.Get(baseId).Bytes.ReadOnnx());

        using var embedder = ModelRegistry.Create(id, dataDirectory: _dataDirectory);

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(built));
        Assert.Equal(sha256, ModelRegistry.Get(id).Sha256);
        Assert.Equal(sha256, embedder.Model.Sha256);
        Assert.Equal(ModelRegistry.Get(id).Name, embedder.Model.Id);
        var cached = Path.Combine(_dataDirectory, "models", $"{baseId}-int8.onnx");
        Assert.True(File.ReadAllBytes(cached).AsSpan().SequenceEqual(built));
        Assert.Contains($"sha256 {sha256}", File.ReadAllLines(cached + ".sha256"));
    }

    [Fact]
    public void Arctic_int8_build_is_deterministic()
    {
        var fp32 = ModelRegistry.ArcticXs.Bytes.ReadOnnx();

        var first = Int8Quantizer.Build(fp32);
        var second = Int8Quantizer.Build(fp32);

        Assert.True(first.AsSpan().SequenceEqual(second));
    }

    [Fact]
    public void An_int8_id_without_a_cache_folder_is_refused_saying_why()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelRegistry.Create("arctic-embed-xs-int8"));

        Assert.Contains("arctic-embed-xs-int8", error.Message);
        Assert.Contains("PIPELINE_MODEL_CACHE", error.Message);
    }

    [Fact]
    public void A_cached_file_that_differs_from_the_pinned_hash_is_refused_at_load()
    {
        // A cache whose file and record agree with each other but not with the registry: e.g. built by another recipe.
        var path = Path.Combine(_dataDirectory, "models", "all-MiniLM-L6-v2-int8.onnx");
        using (ModelRegistry.Create("all-MiniLM-L6-v2-int8", dataDirectory: _dataDirectory))
        {
        }
        var other = Int8Quantizer.Build(ModelRegistry.ArcticXs.Bytes.ReadOnnx());
        File.WriteAllBytes(path, other);
        var record = File.ReadAllText(path + ".sha256");
        File.WriteAllText(path + ".sha256", record.Replace(ModelRegistry.Get("all-MiniLM-L6-v2-int8").Sha256, Convert.ToHexStringLower(SHA256.HashData(other))));

        var error = Assert.Throws<InvalidOperationException>(() => ModelRegistry.Create("all-MiniLM-L6-v2-int8", dataDirectory: _dataDirectory));

        Assert.Contains(ModelRegistry.Get("all-MiniLM-L6-v2-int8").Sha256, error.Message);
    }

    [Theory]
    [InlineData("all-MiniLM-L6-v2-int8", "all-MiniLM-L6-v2")]
    [InlineData("arctic-embed-xs-int8", "arctic-embed-xs")]
    public async Task Int8_vectors_of_real_chunks_have_mean_cosine_0_99_to_fp32(string id, string baseId)
    {
        var chunks = Int8Fixture.RealChunks();
        using var fp32 = ModelRegistry.Create(baseId);
        using var int8 = ModelRegistry.Create(id, dataDirectory: _dataDirectory);

        var expected = (await fp32.EmbedAsync(chunks, CancellationToken.None)).Vectors;
        var actual = (await int8.EmbedAsync(chunks, CancellationToken.None)).Vectors;

        var cosines = expected.Zip(actual, VectorMath.Cosine).ToList();
        Assert.True(cosines.Average() >= 0.99, $"cosines {id} vs {baseId}: {string.Join(", ", cosines.Select(c => c.ToString("0.0000")))}");
    }
}
