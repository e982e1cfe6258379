using Pipeline.Embeddings.Quantization;

namespace Pipeline.Embeddings.Tests.Quantization;

/// <summary>One int8 build of the packaged MiniLM (a few seconds) shared by a test class.</summary>
public sealed class Int8Fixture
{
    public byte[] Fp32 { get; } = ModelRegistry.MiniLm.Bytes.ReadOnnx();

    public byte[] Int8 { get; }

    public Int8Fixture() => Int8 = Int8Quantizer.Build(Fp32);

    /// <summary>Passages of the PDFs in /work/shared/corpus/pdf and samples/pdf, as the text layer gives them: one per line.</summary>
    public static string[] RealChunks() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Quantization", "real-chunks.txt"))
            .Where(line => line.Length > 0)
            .ToArray();
}
