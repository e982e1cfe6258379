using Pipeline.Core.Quality;
using Pipeline.Core.Sources;
using Pipeline.Core.Stages;

namespace Pipeline.Core.Tests.Quality;

public sealed class ValidateStageTests
{
    private static DocumentContext Context(Pipeline.Core.Documents.SourceDocument document, params Pipeline.Core.Chunking.Chunk[] chunks) =>
        new(7, new NoSource(), new DocumentReference(document.ExternalId, "v1", null), null, new RunCounters())
        {
            Document = document,
            Chunks = chunks,
            Vectors = new float[]?[chunks.Length],
        };

    [Fact]
    public async Task A_rejected_document_fails_with_the_rule_as_its_reason_and_is_reported()
    {
        var report = new QualityReport();
        var stage = new ValidateStage(new QualityInspector(new QualityOptions()), report);

        var outcome = await stage.InvokeAsync(Context(Samples.Document("\uFFFD".PadRight(40, '\uFFFD')), Samples.Chunk(0, "x")), CancellationToken.None);

        Assert.Equal((StageStatus.Failed, "quality:garbage-ratio"), (outcome.Status, outcome.Reason));
        var summary = report.Summarise();
        Assert.Equal(1, summary.DocumentsRejected);
        Assert.Equal(QualitySeverity.Reject, summary.Rules["garbage-ratio"].Severity);
    }

    [Fact]
    public async Task Rejected_chunks_leave_the_context_and_the_vector_slots_follow()
    {
        var options = new QualityOptions { DuplicateChunk = new DuplicateChunkRule { Severity = QualitySeverity.Reject } };
        var report = new QualityReport();
        var context = Context(Samples.Document(Samples.Prose), Samples.Chunk(0, Samples.Prose), Samples.Chunk(1, Samples.Prose), Samples.Chunk(2, "Seals are replaced on site by the contractor."));

        var outcome = await new ValidateStage(new QualityInspector(options), report).InvokeAsync(context, CancellationToken.None);

        Assert.Equal(StageStatus.Continue, outcome.Status);
        Assert.Equal([(0, Samples.Prose), (1, "Seals are replaced on site by the contractor.")], context.Chunks.Select(c => (c.Ordinal, c.Text)));
        Assert.Equal(2, context.Vectors.Length);
        Assert.Equal(1, report.Summarise().ChunksRejected);
        var stored = Assert.Single(report.TakeFindingsToStore());
        Assert.Equal(("doc.pdf", 1), (stored.ExternalId, stored.ChunkOrdinal!.Value));
    }

    [Fact]
    public async Task A_document_without_chunks_is_still_quarantined_as_no_text()
    {
        var outcome = await new ValidateStage().InvokeAsync(Context(Samples.Document("")), CancellationToken.None);

        Assert.Equal("no-text", outcome.Reason);
    }

    private sealed class NoSource : IDocumentSource
    {
        public string Key => "test";

        public IAsyncEnumerable<DocumentReference> ListAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<DocumentReference?> FindAsync(string externalId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<LoadResult> LoadAsync(DocumentReference reference, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
