namespace Pipeline.Extraction.Ocr;

/// <param name="Reason">Why the page needs OCR, for the page record ("no text layer", "garbled text layer (31% non-words)"); else null.</param>
/// <param name="LayerIsText">
/// True when the layer is real text that is merely sparse: it is kept if OCR cannot run, whereas garbage is not.
/// </param>
internal sealed record TextLayerAssessment(TextLayerVerdict Verdict, string? Reason = null, bool LayerIsText = false)
{
    public static TextLayerAssessment Usable { get; } = new(TextLayerVerdict.Usable);

    public static TextLayerAssessment Empty { get; } = new(TextLayerVerdict.Empty);
}
