using Pipeline.Core.Documents;

namespace Pipeline.Core.Quality;

/// <summary>How sure OCR was of a document: the mean over its OCR'd pages, weighted by the characters each kept.</summary>
/// <param name="Mean">Null when no page was OCR'd (born-digital text has no confidence to judge).</param>
/// <param name="Lowest">The OCR'd page with the lowest confidence, for the message.</param>
public sealed record OcrConfidenceProfile(double? Mean, int OcrPages, PageInfo? Lowest)
{
    public static OcrConfidenceProfile Of(IReadOnlyList<PageInfo> pages)
    {
        var ocr = pages.Where(p => p.Source == PageTextSource.Ocr && p.OcrConfidence is not null).ToList();
        if (ocr.Count == 0)
        {
            return new OcrConfidenceProfile(null, 0, null);
        }
        var weight = ocr.Sum(p => (double)Math.Max(1, p.Characters));
        var mean = ocr.Sum(p => p.OcrConfidence!.Value * Math.Max(1, p.Characters)) / weight;
        return new OcrConfidenceProfile(mean, ocr.Count, ocr.MinBy(p => p.OcrConfidence));
    }
}
