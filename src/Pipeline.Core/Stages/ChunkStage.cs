using Pipeline.Core.Chunking;

namespace Pipeline.Core.Stages;

public sealed class ChunkStage(StructureChunker chunker) : IPipelineStage
{
    public string Name => "chunk";

    public Task<StageOutcome> InvokeAsync(DocumentContext context, CancellationToken cancellationToken)
    {
        var document = context.Document ?? throw new InvalidOperationException("chunk stage ran before extraction");
        context.Chunks = chunker.Split(document);
        context.Vectors = new float[]?[context.Chunks.Count];
        return Task.FromResult(StageOutcome.Continue);
    }
}
