using Pipeline.Core.Stages;

namespace Pipeline.Core.Embedding;

/// <summary>Where the embed stage puts chunks it gave up on, so they are kept for replay rather than lost.</summary>
public interface IDeadLetterSink
{
    Task RecordAsync(DocumentContext context, IReadOnlyList<PoisonChunk> chunks, CancellationToken cancellationToken);
}
