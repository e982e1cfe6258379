namespace Pipeline.Extraction.Ocr;

/// <param name="Result">What OCR recognised; null when the page could not be read.</param>
/// <param name="FailureNote">Why the page could not be read ("ocr timeout after 60 s"); null on success.</param>
internal sealed record ScannedPageOutcome(OcrPageResult? Result, string? FailureNote, TimeSpan Elapsed);
