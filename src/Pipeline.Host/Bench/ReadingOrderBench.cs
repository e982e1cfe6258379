using Pipeline.Extraction.Ocr;
using Pipeline.Extraction.Pdf;
using Pipeline.Extraction.ReadingOrder;

namespace Pipeline.Host.Bench;

/// <summary>
/// Reading-order agreement of every PDF in a folder (see <see cref="ReadingOrderAgreement"/>): its text layer as we
/// extract it against pdftotext's default reading of the same pages, tables and OCR'd pages left out.
/// </summary>
public static class ReadingOrderBench
{
    /// <returns>Agreement per file, keyed by its path relative to <paramref name="folder"/>; null where nothing could be compared.</returns>
    public static async Task<Dictionary<string, double?>> MeasureAsync(string folder, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var extractor = new PdfTextExtractor(OcrOptions.Disabled, null);
        var figures = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var key = Path.GetRelativePath(folder, file);
            var result = await extractor.ExtractFileAsync(file, key, cancellationToken: cancellationToken);
            var reference = result.Succeeded ? await PdftotextPages.ReadAsync(file, cancellationToken) : null;
            figures[key] = result.Document is { } document && reference is not null
                ? ReadingOrderAgreement.Measure(document, reference).Agreement is { } agreement ? Math.Round(agreement, 3) : null
                : null;
        }
        return figures;
    }
}
