namespace Pipeline.Extraction.Pdf;

/// <summary>
/// Stable codes for why a PDF yielded no document. They are stored with the job and drive what happens next
/// (ask for a password, re-fetch, OCR), so they must not change with the wording of PdfPig's exceptions.
/// </summary>
public static class PdfFailureReason
{
    /// <summary>The file has no bytes at all; usually an interrupted upload or copy.</summary>
    public const string Empty = "empty";

    /// <summary>A user password is needed and none, or a wrong one, was given.</summary>
    public const string Encrypted = "encrypted";

    /// <summary>PdfPig could not parse the file even with lenient parsing.</summary>
    public const string Corrupt = "corrupt";

    /// <summary>The file opened but no page has text: none in the text layer, and OCR (if enabled) found none or failed.</summary>
    public const string NoText = "no-text";

    /// <summary>Pages need OCR but Tesseract, a configured language pack or pdftoppm is not installed on this machine.</summary>
    public const string OcrUnavailable = "ocr-unavailable";

    /// <summary>The page tree holds more pages than <see cref="PdfLimits.MaxPages"/>; no page was read.</summary>
    public const string TooManyPages = "too-many-pages";

    /// <summary>A compressed stream inflates beyond <see cref="PdfLimits.MaxDecodedStreamBytes"/>, or all of them beyond <see cref="PdfLimits.MaxDecodedDocumentBytes"/>; the stream that passed the limit was never materialised.</summary>
    public const string DecompressionBomb = "decompression-bomb";
}
