using System.Diagnostics;
using Pipeline.Core.Embedding;

namespace Pipeline.Host.Bench;

/// <summary>Wraps the real embedder to measure the embedding stage alone inside an end-to-end run.</summary>
public sealed class TimedEmbedder(IEmbedder inner) : IEmbedder
{
    private long _ticks;
    private long _tokens;

    public EmbeddingModelInfo Model => inner.Model;

    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    public long Tokens => Interlocked.Read(ref _tokens);

    public async Task<EmbeddingResult> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var result = await inner.EmbedAsync(texts, cancellationToken);
        Interlocked.Add(ref _ticks, Stopwatch.GetElapsedTime(start).Ticks);
        Interlocked.Add(ref _tokens, result.Tokens);
        return result;
    }
}
