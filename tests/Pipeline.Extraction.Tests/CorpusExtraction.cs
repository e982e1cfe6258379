using System.Collections.Concurrent;
using Pipeline.Core.Documents;
using Pipeline.Embeddings;
using Pipeline.Extraction.Pdf;

namespace Pipeline.Extraction.Tests;

/// <summary>
/// Extracts each corpus file once per test run: the 400-page IRS manual takes seconds, and several test classes
/// look at the same documents. Also holds the one MiniLM token counter the chunking tests share.
/// </summary>
internal static class CorpusExtraction
{
    private static readonly ConcurrentDictionary<string, Lazy<SourceDocument>> Documents = new();
    private static readonly Lazy<MiniLmEmbedder> Model = new(() => new MiniLmEmbedder());

    public static MiniLmEmbedder Tokens => Model.Value;

    public static SourceDocument Document(string file) =>
        Documents.GetOrAdd(file, f => new Lazy<SourceDocument>(() => Extract(f))).Value;

    private static SourceDocument Extract(string file)
    {
        var result = new PdfTextExtractor().ExtractFile(RepositoryPaths.CorpusPdf(file), file);
        return result.Document ?? throw new InvalidOperationException($"{file}: {result.Failure}");
    }
}
