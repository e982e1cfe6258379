using Pipeline.Core.Embedding;
using Pipeline.Core.Stages;

namespace Pipeline.Core.Tests.Embedding;

/// <summary>Keeps what the embed stage dead-letters, for the test to read.</summary>
public sealed class RecordingDeadLetterSink : IDeadLetterSink
{
    public List<PoisonChunk> Recorded { get; } = [];

    public Task RecordAsync(DocumentContext context, IReadOnlyList<PoisonChunk> chunks, CancellationToken cancellationToken)
    {
        Recorded.AddRange(chunks);
        return Task.CompletedTask;
    }
}
