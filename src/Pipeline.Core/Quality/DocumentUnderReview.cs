using Pipeline.Core.Documents;

namespace Pipeline.Core.Quality;

/// <summary>A document with its figures measured once, so that each rule reads them instead of re-scanning megabytes of text.</summary>
public sealed record DocumentUnderReview(SourceDocument Document, TextProfile Text, OcrConfidenceProfile Ocr)
{
    public static DocumentUnderReview Of(SourceDocument document) =>
        new(document, TextProfile.Of(document.Blocks.Select(b => b.Text)), OcrConfidenceProfile.Of(document.PageDetails));
}
