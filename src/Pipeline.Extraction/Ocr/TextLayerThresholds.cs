namespace Pipeline.Extraction.Ocr;

/// <summary>
/// When a page's own text layer is not trusted and the page is OCR'd instead. Defaults were tuned on the shared
/// corpus: real text layers (Chinese, Arabic, Turkish, code tables, chemistry, an old but honest OCR layer) stay
/// at or below 16 % non-words on every page, while a garbage OCR layer reaches 31 % and fonts without a Unicode
/// mapping 50–100 %.
/// </summary>
public sealed record TextLayerThresholds
{
    /// <summary>A layer where at least this share of the word tokens are not word-shaped is garbled.</summary>
    public double MaxNonWordShare { get; init; } = 0.25;

    /// <summary>A layer where at least this share of the glyphs have no Unicode meaning (U+FFFD, control codes, private use) is unmapped.</summary>
    public double MaxUnmappedGlyphShare { get; init; } = 0.2;

    /// <summary>Images covering at least this share of the page make it a scan for the sparse-text rule.</summary>
    public double ScanImageCoverage { get; init; } = 0.5;

    /// <summary>
    /// A scan whose text layer has fewer characters than this per square inch of page (93 on a Letter page)
    /// carries a stamp or a page number at most, not the page's text.
    /// </summary>
    public double MinCharactersPerSquareInch { get; init; } = 1.0;

    /// <summary>A page without text but with at least this many vector paths may be text drawn as curves.</summary>
    public int MinVectorPaths { get; init; } = 10;

    internal IEnumerable<string> Problems()
    {
        if (MaxNonWordShare is <= 0 or > 1)
        {
            yield return $"TextLayer.MaxNonWordShare {MaxNonWordShare} must be in (0, 1]";
        }
        if (MaxUnmappedGlyphShare is <= 0 or > 1)
        {
            yield return $"TextLayer.MaxUnmappedGlyphShare {MaxUnmappedGlyphShare} must be in (0, 1]";
        }
        if (ScanImageCoverage is <= 0 or > 1)
        {
            yield return $"TextLayer.ScanImageCoverage {ScanImageCoverage} must be in (0, 1]";
        }
        if (MinCharactersPerSquareInch is < 0 or > 100)
        {
            yield return $"TextLayer.MinCharactersPerSquareInch {MinCharactersPerSquareInch} must be between 0 and 100";
        }
        if (MinVectorPaths < 1)
        {
            yield return $"TextLayer.MinVectorPaths {MinVectorPaths} must be at least 1";
        }
    }
}
