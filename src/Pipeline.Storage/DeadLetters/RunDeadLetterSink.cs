using Pipeline.Core.Embedding;
using Pipeline.Core.Stages;

namespace Pipeline.Storage.DeadLetters;

/// <summary>The embed stage's sink for one run: the stage knows the document, the run knows its job.</summary>
internal sealed class RunDeadLetterSink(DeadLetterStore store, string jobName, Action<int> counted) : IDeadLetterSink
{
    public async Task RecordAsync(DocumentContext context, IReadOnlyList<PoisonChunk> chunks, CancellationToken cancellationToken)
    {
        if (chunks.Count == 0)
        {
            return;
        }
        await store.RecordAsync(jobName, context.Source.Key, context.Reference.ExternalId, context.RunId, chunks, cancellationToken);
        counted(chunks.Count);
    }
}
