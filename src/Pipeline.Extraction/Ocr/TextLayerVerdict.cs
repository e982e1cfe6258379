namespace Pipeline.Extraction.Ocr;

internal enum TextLayerVerdict
{
    /// <summary>Keep the text layer.</summary>
    Usable,

    /// <summary>Nothing on the page to read: no text, no images, no drawing that could be text.</summary>
    Empty,

    /// <summary>Render the page and OCR it.</summary>
    NeedsOcr,
}
