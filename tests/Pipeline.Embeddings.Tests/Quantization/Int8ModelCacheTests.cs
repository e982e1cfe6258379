using System.Security.Cryptography;
using Pipeline.Embeddings.Quantization;

namespace Pipeline.Embeddings.Tests.Quantization;

public sealed class Int8ModelCacheTests(Int8Fixture fixture) : IClassFixture<Int8Fixture>, IDisposable
{
    private const string Model = "all-MiniLM-L6-v2";

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("int8-cache-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public async Task First_use_builds_under_the_data_folder_and_records_the_hash_then_loads_without_building()
    {
        var cache = Int8ModelCache.InDataDirectory(_dataDirectory);

        var first = await cache.GetOrBuildAsync(Model, fixture.Fp32, CancellationToken.None);
        var second = await cache.GetOrBuildAsync(Model, fixture.Fp32, CancellationToken.None);

        var path = Path.Combine(_dataDirectory, "models", "all-MiniLM-L6-v2-int8.onnx");
        Assert.Equal(path, first.Path);
        Assert.True(first.Built);
        Assert.False(second.Built);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(fixture.Int8));
        Assert.Equal(sha256, first.Sha256);
        Assert.Equal(sha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path))));
        Assert.Contains($"sha256 {sha256}", await File.ReadAllLinesAsync(path + ".sha256"));
        Assert.True(second.Onnx.AsSpan().SequenceEqual(fixture.Int8));
    }

    [Fact]
    public async Task A_tampered_cached_file_is_rebuilt()
    {
        var cache = Int8ModelCache.InDataDirectory(_dataDirectory);
        var built = await cache.GetOrBuildAsync(Model, fixture.Fp32, CancellationToken.None);
        var tampered = await File.ReadAllBytesAsync(built.Path);
        tampered[tampered.Length / 2] ^= 0x5A;
        await File.WriteAllBytesAsync(built.Path, tampered);

        var loaded = await cache.GetOrBuildAsync(Model, fixture.Fp32, CancellationToken.None);

        Assert.True(loaded.Built);
        Assert.True(loaded.Onnx.AsSpan().SequenceEqual(fixture.Int8));
        Assert.True((await File.ReadAllBytesAsync(built.Path)).AsSpan().SequenceEqual(fixture.Int8));
    }

    [Fact]
    public async Task A_variant_built_from_another_source_model_is_rebuilt()
    {
        var cache = Int8ModelCache.InDataDirectory(_dataDirectory);
        var built = await cache.GetOrBuildAsync(Model, fixture.Fp32, CancellationToken.None);
        var record = await File.ReadAllTextAsync(built.Path + ".sha256");
        await File.WriteAllTextAsync(built.Path + ".sha256",
            record.Replace(Convert.ToHexStringLower(SHA256.HashData(fixture.Fp32)), new string('0', 64)));

        var loaded = await cache.GetOrBuildAsync(Model, fixture.Fp32, CancellationToken.None);

        Assert.True(loaded.Built);
        Assert.Equal(record, await File.ReadAllTextAsync(built.Path + ".sha256"));
    }
}
