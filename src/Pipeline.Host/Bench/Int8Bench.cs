using System.Diagnostics;
using System.Text.Json.Serialization;
using Pipeline.Core.Chunking;
using Pipeline.Embeddings;
using Pipeline.Embeddings.Quantization;
using Pipeline.Extraction.Ocr;
using Pipeline.Extraction.Pdf;

namespace Pipeline.Host.Bench;

/// <summary>
/// fp32 against int8 MiniLM in one process: raw ONNX Runtime tokens/s of both (alternating rounds, so neither gets a
/// quieter machine), and the cosine between their vectors on every chunk of a PDF folder, chunked as ingestion does.
/// </summary>
public static class Int8Bench
{
    public sealed record Int8Report(
        [property: JsonPropertyName("folder")] string Folder,
        [property: JsonPropertyName("int8_model")] string Int8Model,
        [property: JsonPropertyName("int8_sha256")] string Int8Sha256,
        [property: JsonPropertyName("int8_built_seconds")] double? BuiltSeconds,
        [property: JsonPropertyName("onnx_threads")] int OnnxThreads,
        [property: JsonPropertyName("batch_size")] int BatchSize,
        [property: JsonPropertyName("raw_sequence_length")] int RawSequenceLength,
        [property: JsonPropertyName("raw_fp32_tokens_per_second")] double RawFp32TokensPerSecond,
        [property: JsonPropertyName("raw_int8_tokens_per_second")] double RawInt8TokensPerSecond,
        [property: JsonPropertyName("raw_speedup")] double RawSpeedup,
        [property: JsonPropertyName("chunks")] int Chunks,
        [property: JsonPropertyName("tokens")] long Tokens,
        [property: JsonPropertyName("embedding_fp32_tokens_per_second")] double EmbeddingFp32TokensPerSecond,
        [property: JsonPropertyName("embedding_int8_tokens_per_second")] double EmbeddingInt8TokensPerSecond,
        [property: JsonPropertyName("mean_cosine")] double MeanCosine,
        [property: JsonPropertyName("min_cosine")] double MinCosine);

    private const int Rounds = 3;

    public static async Task<Int8Report> RunAsync(string folder, PipelineSettings settings, int rawBatches, CancellationToken cancellationToken)
    {
        var options = settings.EmbeddingOptions();
        var started = Stopwatch.GetTimestamp();
        var int8Model = await Int8ModelCache.InDataDirectory(settings.ModelCacheDirectory).MiniLmAsync(cancellationToken);
        double? builtSeconds = int8Model.Built ? Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 1) : null;
        using var fp32 = new MiniLmEmbedder(options);
        using var int8 = PackagedInt8.CreateEmbedder(int8Model, options);

        var texts = await ChunkFolderAsync(folder, fp32, cancellationToken);
        var tokens = texts.Sum(t => (long)fp32.CountTokens(t) + fp32.SpecialTokens);
        var (fp32Vectors, fp32Seconds) = await EmbedTimedAsync(fp32, texts, cancellationToken);
        var (int8Vectors, int8Seconds) = await EmbedTimedAsync(int8, texts, cancellationToken);
        var cosines = fp32Vectors.Zip(int8Vectors, Cosine).ToList();

        var sequence = texts.Count == 0 ? 128 : (int)Math.Clamp(tokens / texts.Count, 8, 512);
        fp32.RunRawBatches(options.BatchSize, sequence, 1);
        int8.RunRawBatches(options.BatchSize, sequence, 1);
        TimeSpan fp32Raw = default, int8Raw = default;
        for (var round = 0; round < Rounds; round++)
        {
            fp32Raw += fp32.RunRawBatches(options.BatchSize, sequence, rawBatches);
            int8Raw += int8.RunRawBatches(options.BatchSize, sequence, rawBatches);
        }
        var rawTokens = (double)options.BatchSize * sequence * rawBatches * Rounds;

        return new Int8Report(
            folder, int8Model.Path, int8Model.Sha256, builtSeconds, options.IntraOpThreads, options.BatchSize, sequence,
            Math.Round(rawTokens / fp32Raw.TotalSeconds, 0),
            Math.Round(rawTokens / int8Raw.TotalSeconds, 0),
            Math.Round(fp32Raw / int8Raw, 3),
            texts.Count, tokens,
            Math.Round(tokens / Math.Max(fp32Seconds, 1e-6), 0),
            Math.Round(tokens / Math.Max(int8Seconds, 1e-6), 0),
            cosines.Count == 0 ? 0 : Math.Round(cosines.Average(), 5),
            cosines.Count == 0 ? 0 : Math.Round(cosines.Min(), 5));
    }

    public static void Write(Int8Report r)
    {
        Console.WriteLine($"bench --int8: {r.Folder}");
        Console.WriteLine($"  int8 model: {r.Int8Model} (sha256 {r.Int8Sha256}{(r.BuiltSeconds is { } s ? $", built now in {s:0.0}s" : ", cached")})");
        Console.WriteLine($"  ONNX Runtime intra-op threads {r.OnnxThreads}, batch {r.BatchSize}");
        Console.WriteLine($"  raw ONNX:  fp32 {r.RawFp32TokensPerSecond,8:0} tokens/s   int8 {r.RawInt8TokensPerSecond,8:0} tokens/s   int8/fp32 {r.RawSpeedup:0.000}  (full batches of {r.BatchSize} x {r.RawSequenceLength} tokens)");
        Console.WriteLine($"  embedding: fp32 {r.EmbeddingFp32TokensPerSecond,8:0} tokens/s   int8 {r.EmbeddingInt8TokensPerSecond,8:0} tokens/s   ({r.Chunks} chunks, {r.Tokens} tokens)");
        Console.WriteLine($"  cosine int8 vs fp32 over {r.Chunks} chunks: mean {r.MeanCosine:0.00000}   min {r.MinCosine:0.00000}");
    }

    /// <summary>
    /// The chunks ingestion would embed from the text layer, default chunking. Scanned pages are left out: OCR takes
    /// minutes per document on a small machine and adds no kind of text the text layer lacks.
    /// </summary>
    private static async Task<List<string>> ChunkFolderAsync(string folder, MiniLmEmbedder counter, CancellationToken cancellationToken)
    {
        var extractor = new PdfTextExtractor(OcrOptions.Disabled, ocrEngine: null);
        var chunker = new StructureChunker(counter, new ChunkingOptions());
        var texts = new List<string>();
        var files = Directory.EnumerateFiles(folder, "*.pdf", new EnumerationOptions { RecurseSubdirectories = true, MatchCasing = MatchCasing.CaseInsensitive })
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var result = await extractor.ExtractFileAsync(file, Path.GetRelativePath(folder, file), cancellationToken: cancellationToken);
            if (result.Document is { } document)
            {
                texts.AddRange(chunker.Split(document).Select(c => c.EmbeddingText));
            }
        }
        return texts;
    }

    private static async Task<(IReadOnlyList<float[]> Vectors, double Seconds)> EmbedTimedAsync(MiniLmEmbedder embedder, List<string> texts, CancellationToken cancellationToken)
    {
        await embedder.EmbedAsync(["warm-up"], cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var result = await embedder.EmbedAsync(texts, cancellationToken);
        return (result.Vectors, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    internal static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }
        return dot / Math.Sqrt(na * nb);
    }
}
