using System.Security.Cryptography;
using Onnx;
using Pipeline.Embeddings.Quantization;

namespace Pipeline.Embeddings.Tests.Quantization;

public sealed class Int8QuantizerTests(Int8Fixture fixture) : IClassFixture<Int8Fixture>
{
    [Fact]
    public async Task Building_twice_gives_identical_bytes()
    {
        var again = await Int8Quantizer.BuildAsync(fixture.Fp32);

        Assert.Equal(SHA256.HashData(fixture.Int8), SHA256.HashData(again));
        Assert.True(fixture.Int8.AsSpan().SequenceEqual(again));
    }

    [Fact]
    public void Every_constant_weight_MatMul_becomes_int8_with_QKV_fused_and_fp32_weights_are_dropped()
    {
        var graph = ModelProto.Parser.ParseFrom(fixture.Int8).Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);

        Assert.DoesNotContain(graph.Node, n => n.OpType == "MatMul" && initializers.ContainsKey(n.Input[1]));
        var int8 = graph.Node.Where(n => n.OpType == "DynamicQuantizeMatMul").ToList();
        // 6 layers x (one fused Q/K/V, attention output, two feed-forward); every one carries its bias.
        Assert.Equal(24, int8.Count);
        Assert.Equal(6, int8.Count(n => initializers[n.Input[1]].Dims.SequenceEqual([384L, 3 * 384L])));
        Assert.All(int8, n => Assert.Equal((int)TensorProto.Types.DataType.Int8, initializers[n.Input[1]].DataType));
        Assert.All(int8, n => Assert.Equal(5, n.Input.Count));
        Assert.True(fixture.Int8.Length < fixture.Fp32.Length * 0.7, $"int8 {fixture.Int8.Length} bytes vs fp32 {fixture.Fp32.Length}");
    }

    [Fact]
    public async Task Int8_vectors_of_real_chunks_have_mean_cosine_0_99_to_fp32()
    {
        var chunks = Int8Fixture.RealChunks();
        using var fp32 = new MiniLmEmbedder();
        using var int8 = new MiniLmEmbedder(null, fixture.Int8, "all-MiniLM-L6-v2-int8");

        var expected = (await fp32.EmbedAsync(chunks, CancellationToken.None)).Vectors;
        var actual = (await int8.EmbedAsync(chunks, CancellationToken.None)).Vectors;

        var cosines = expected.Zip(actual, (e, a) => VectorMath.Cosine(e, a)).ToList();
        Assert.True(cosines.Average() >= 0.99 && cosines.Min() >= 0.985, $"cosines int8 vs fp32: {string.Join(", ", cosines.Select(c => c.ToString("0.0000")))}");
        Assert.Equal("all-MiniLM-L6-v2-int8", int8.Model.Id);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(fixture.Int8)), int8.Model.Sha256);
    }
}
