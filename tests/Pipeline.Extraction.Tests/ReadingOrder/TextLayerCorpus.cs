using System.Collections.Concurrent;
using Pipeline.Core.Documents;
using Pipeline.Extraction.Ocr;
using Pipeline.Extraction.Pdf;

namespace Pipeline.Extraction.Tests.ReadingOrder;

/// <summary>
/// Every corpus file read from its text layer only (OCR off: a scanned page has no reading order of its own to
/// compare), once per test run. Files the extractor refuses (corrupt, encrypted with an unknown password) are null.
/// </summary>
internal static class TextLayerCorpus
{
    private static readonly ConcurrentDictionary<string, Lazy<SourceDocument?>> Documents = new();

    public static IEnumerable<string> Files() =>
        Directory.GetFiles(Path.GetDirectoryName(RepositoryPaths.CorpusPdf("two-column-narrow-gutter-report-2p.pdf"))!, "*.pdf")
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)!;

    public static SourceDocument? Document(string file) =>
        Documents.GetOrAdd(file, f => new Lazy<SourceDocument?>(() =>
            new PdfTextExtractor(OcrOptions.Disabled, null).ExtractFile(RepositoryPaths.CorpusPdf(f), f).Document)).Value;
}
