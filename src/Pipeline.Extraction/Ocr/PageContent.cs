namespace Pipeline.Extraction.Ocr;

/// <summary>What <see cref="TextLayerQuality"/> looks at on one page; read from PdfPig by <see cref="PageContentReader"/>.</summary>
/// <param name="Text">The page's text layer as the layout reader kept it (normalised, in reading order).</param>
/// <param name="Glyphs">Non-whitespace glyphs the content stream draws, before normalisation.</param>
/// <param name="UnmappedGlyphs">Glyphs with no Unicode meaning: U+FFFD, control codes, private use, or no value at all.</param>
/// <param name="ImageCoverage">Share of the page covered by images, 0–1 (overlapping layers are capped at 1).</param>
internal sealed record PageContent(
    string Text,
    int Glyphs,
    int UnmappedGlyphs,
    int Images,
    double ImageCoverage,
    int VectorPaths,
    double WidthPoints,
    double HeightPoints)
{
    public double SquareInches => Math.Abs(WidthPoints * HeightPoints) / (72.0 * 72.0);
}
