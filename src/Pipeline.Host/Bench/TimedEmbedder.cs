using System.Collections.Concurrent;
using System.Diagnostics;
using Pipeline.Core.Embedding;

namespace Pipeline.Host.Bench;

/// <summary>Wraps the real embedder to measure the embedding stage alone inside an end-to-end run.</summary>
public sealed class TimedEmbedder(IEmbedder inner) : IEmbedder
{
    private readonly ConcurrentQueue<BatchShape> _shapes = new();
    private long _ticks;
    private long _tokens;

    /// <summary>The shape of every model batch run so far, to replay them raw (<see cref="Embeddings.OnnxEmbedder.RunRawShapes"/>).</summary>
    public IReadOnlyList<BatchShape> Shapes => [.. _shapes];

    public EmbeddingModelInfo Model => inner.Model;

    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    public long Tokens => Interlocked.Read(ref _tokens);

    public async Task<EmbeddingResult> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var result = await inner.EmbedAsync(texts, cancellationToken);
        Interlocked.Add(ref _ticks, Stopwatch.GetElapsedTime(start).Ticks);
        Interlocked.Add(ref _tokens, result.Tokens);
        foreach (var shape in result.BatchShapes ?? [])
        {
            _shapes.Enqueue(shape);
        }
        return result;
    }
}
