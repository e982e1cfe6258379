using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Chunking;
using Pipeline.Core.Embedding;
using Pipeline.Host.Bench;
using Pipeline.Host.Ingestion;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Ingestion;

/// <summary>
/// The documents in flight share the model's calls (CoalescingEmbedder): small documents fill one batch together, and
/// a chunk text two documents share is embedded once in the run. Real PDFs, model and PostgreSQL.
/// </summary>
public sealed class SharedBatchesTests
{
    [Fact]
    public async Task Chunks_of_several_small_documents_share_model_calls_and_each_document_stores_its_own_vectors()
    {
        using var folder = new TempFolder();
        for (var n = 1; n <= 6; n++)
        {
            File.WriteAllBytes(folder.File($"generated-{n}.pdf"), GeneratedPdfCorpus.Build(n, seed: 3).Pdf);
        }
        var recording = new CallRecorder(SharedEmbedder.Value);
        await using var harness = await PipelineHarness.CreateAsync("shared_batches", configure: s => s.AddSingleton<IEmbedder>(recording));

        // Four in flight: while one call runs, the documents extracted meanwhile wait together for the next.
        var summary = await harness.Services.GetRequiredService<IngestionRunner>().RunAsync(
            new IngestionRequest("test", SourceRegistry.AdHocPdfFolder(folder.Path, password: null), new ChunkingOptions(), "test", DocumentParallelism: 4),
            null, CancellationToken.None);

        Assert.Equal((6, 0), (summary.Documents.New, summary.Documents.Failed));
        // Which document each embedded text came from: its stored chunk (prefix + text) names it.
        var documentOf = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        await using (var command = harness.DataSource.CreateCommand(
            "SELECT coalesce(c.embedding_prefix, ''), c.text, d.external_id FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var embedded = Core.Chunking.EmbeddingText.Compose(reader.GetString(0), reader.GetString(1));
                (documentOf.TryGetValue(embedded, out var owners) ? owners : documentOf[embedded] = []).Add(reader.GetString(2));
            }
        }
        var calls = recording.Calls;
        Assert.All(calls.SelectMany(c => c), text => Assert.True(documentOf.ContainsKey(text), $"no stored chunk embeds \"{text[..Math.Min(60, text.Length)]}\""));
        Assert.Contains(calls, call => call.SelectMany(t => documentOf[t]).Distinct().Count() >= 2);
        Assert.True(calls.Count < 6, $"{calls.Count} model calls for 6 documents");
        Assert.Equal(summary.ChunksWritten, summary.EmbeddingsComputed + summary.EmbeddingsReused);
        Assert.True(summary.ModelBatches >= calls.Count);
        Assert.InRange((double)summary.PaddingTokens / summary.TokensEmbedded, 0, 0.05);
    }

    [Fact]
    public async Task A_chunk_text_two_documents_share_is_embedded_once_in_the_run()
    {
        using var folder = new TempFolder();
        // The same report under two folders: the same title and text, hence the same embedded chunk texts.
        foreach (var copy in new[] { "a", "b" })
        {
            Directory.CreateDirectory(folder.File(copy));
            File.Copy(Corpus.Pdf("two-column-narrow-gutter-report-2p.pdf"), Path.Combine(folder.File(copy), "report.pdf"));
        }
        var recording = new CallRecorder(SharedEmbedder.Value);
        await using var harness = await PipelineHarness.CreateAsync("shared_texts", configure: s => s.AddSingleton<IEmbedder>(recording));

        var summary = await harness.IngestFolderAsync(folder.Path);

        Assert.Equal((2, 0), (summary.Documents.New, summary.Documents.Failed));
        var perDocument = summary.ChunksWritten / 2;
        Assert.True(perDocument > 0);
        Assert.Equal((perDocument, perDocument), (summary.EmbeddingsComputed, summary.EmbeddingsReused));
        var embedded = recording.Calls.SelectMany(c => c).ToList();
        Assert.Equal(embedded.Count, embedded.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(perDocument, embedded.Count);
        // Both documents hold every vector.
        Assert.Equal(2L * perDocument, await harness.ScalarAsync<long>("SELECT count(*) FROM pipeline.chunk_vectors"));
    }

    /// <summary>The real model, recording the texts of every call it gets.</summary>
    private sealed class CallRecorder(IEmbedder real) : IEmbedder
    {
        private readonly List<IReadOnlyList<string>> _calls = [];

        public EmbeddingModelInfo Model => real.Model;

        public IReadOnlyList<IReadOnlyList<string>> Calls
        {
            get
            {
                lock (_calls)
                {
                    return [.. _calls];
                }
            }
        }

        public Task<EmbeddingResult> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
        {
            lock (_calls)
            {
                _calls.Add([.. texts]);
            }
            return real.EmbedAsync(texts, cancellationToken);
        }
    }
}
