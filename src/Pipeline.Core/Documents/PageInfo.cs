namespace Pipeline.Core.Documents;

/// <summary>Where a page's text came from.</summary>
public enum PageTextSource
{
    /// <summary>The PDF's own text layer was usable.</summary>
    TextLayer,

    /// <summary>The text layer was missing or unusable; the page was rendered and OCR'd.</summary>
    Ocr,

    /// <summary>The page has no text at all (blank, or OCR found nothing).</summary>
    Empty,

    /// <summary>The page could not be read (OCR timed out, OCR disabled for an image-only page, parse error); see the note.</summary>
    Skipped,
}

/// <summary>What extraction did with one page; stored per page so operators can see which pages were OCR'd and how well.</summary>
/// <param name="Number">1-based page number.</param>
/// <param name="OcrConfidence">Tesseract's mean word confidence (0–100) when OCR'd, else null.</param>
/// <param name="Characters">Non-whitespace characters of the text kept for the page.</param>
/// <param name="Note">Why the page was OCR'd or skipped (e.g. <c>no text layer</c>, <c>ocr timeout after 60 s</c>), else null.</param>
public sealed record PageInfo(int Number, PageTextSource Source, double? OcrConfidence, int Characters, string? Note = null);
