using System.Diagnostics;
using Pipeline.Core.Embedding;

namespace Pipeline.Core.Telemetry;

/// <summary>Times every call to the model: the embed stage's own timing would include retries and back-off.</summary>
public sealed class MeteredEmbedder(IEmbedder inner, PipelineMetrics metrics) : IEmbedder
{
    public EmbeddingModelInfo Model => inner.Model;

    public async Task<EmbeddingResult> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await inner.EmbedAsync(texts, cancellationToken);
            metrics.EmbeddingBatch(Stopwatch.GetElapsedTime(started), succeeded: true);
            return result;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            metrics.EmbeddingBatch(Stopwatch.GetElapsedTime(started), succeeded: false);
            throw;
        }
    }
}
