using Pipeline.Core.Telemetry;

namespace Pipeline.Core.Stages;

/// <summary>Counts of one run, shared by its stages; thread-safe so documents may be processed in parallel.</summary>
/// <param name="metrics">Where chunks and embeddings are also counted for /metrics; null outside a metered run.</param>
public sealed class RunCounters(RunMetrics? metrics = null)
{
    private long _chunksWritten;
    private long _embeddingsComputed;
    private long _embeddingsReused;
    private long _tokensEmbedded;
    private long _truncated;
    private long _pages;
    private long _ocrPages;
    private long _paddingTokens;
    private long _modelBatches;
    private long _prefixTokens;
    private long _overlapTokens;

    public long ChunksWritten => Interlocked.Read(ref _chunksWritten);

    public long EmbeddingsComputed => Interlocked.Read(ref _embeddingsComputed);

    public long EmbeddingsReused => Interlocked.Read(ref _embeddingsReused);

    public long TokensEmbedded => Interlocked.Read(ref _tokensEmbedded);

    /// <summary>Inputs the model cut at its maximum length; should stay 0 when the chunk budget is right.</summary>
    public long Truncated => Interlocked.Read(ref _truncated);

    public long Pages => Interlocked.Read(ref _pages);

    public long OcrPages => Interlocked.Read(ref _ocrPages);

    /// <summary>Padding the model computed on top of <see cref="TokensEmbedded"/>: batches are padded to their longest input.</summary>
    public long PaddingTokens => Interlocked.Read(ref _paddingTokens);

    /// <summary>Model calls (ONNX Runtime batches) of the run.</summary>
    public long ModelBatches => Interlocked.Read(ref _modelBatches);

    /// <summary>Of <see cref="TokensEmbedded"/>: tokens of heading prefixes.</summary>
    public long PrefixTokens => Interlocked.Read(ref _prefixTokens);

    /// <summary>Of <see cref="TokensEmbedded"/>: tokens repeated from the chunk before (overlap).</summary>
    public long OverlapTokens => Interlocked.Read(ref _overlapTokens);

    public void AddChunksWritten(long n)
    {
        Interlocked.Add(ref _chunksWritten, n);
        metrics?.ChunksWritten(n);
    }

    public void AddEmbeddingsComputed(long n, long tokens, long truncated)
    {
        Interlocked.Add(ref _embeddingsComputed, n);
        metrics?.EmbeddingsComputed(n);
        Interlocked.Add(ref _tokensEmbedded, tokens);
        Interlocked.Add(ref _truncated, truncated);
    }

    public void AddEmbeddingsReused(long n) => Interlocked.Add(ref _embeddingsReused, n);

    public void AddModelWork(long paddingTokens, long batches)
    {
        Interlocked.Add(ref _paddingTokens, paddingTokens);
        Interlocked.Add(ref _modelBatches, batches);
    }

    public void AddRepeatedTokens(long prefixTokens, long overlapTokens)
    {
        Interlocked.Add(ref _prefixTokens, prefixTokens);
        Interlocked.Add(ref _overlapTokens, overlapTokens);
    }

    public void AddPages(long pages, long ocrPages)
    {
        Interlocked.Add(ref _pages, pages);
        Interlocked.Add(ref _ocrPages, ocrPages);
    }
}
