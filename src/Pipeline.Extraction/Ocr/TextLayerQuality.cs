using System.Globalization;

namespace Pipeline.Extraction.Ocr;

/// <summary>
/// Decides per page whether the PDF's own text layer is kept or the page is OCR'd: no text on a page that shows
/// something (a scan, or text drawn as curves), glyphs without Unicode meaning (fonts without a ToUnicode map),
/// text that is mostly not words (a garbage OCR layer), or a scan whose layer holds a stamp but not the page.
/// A page with nothing on it at all is empty and never OCR'd.
/// </summary>
internal static class TextLayerQuality
{
    // Three or more one-letter tokens in a row ("l e t t e r") are letter-spaced garbage, not words like "a" or "I".
    private const int LetterSpacedRun = 3;

    public static TextLayerAssessment Assess(PageContent page, TextLayerThresholds thresholds)
    {
        var characters = page.Text.Count(c => !char.IsWhiteSpace(c));
        if (characters == 0)
        {
            if (page.Images > 0)
            {
                return new(TextLayerVerdict.NeedsOcr, "no text layer");
            }
            return page.VectorPaths >= thresholds.MinVectorPaths
                ? new(TextLayerVerdict.NeedsOcr, "no text layer, only vector drawing")
                : TextLayerAssessment.Empty;
        }

        if (page.Glyphs > 0)
        {
            var unmapped = (double)page.UnmappedGlyphs / page.Glyphs;
            if (unmapped >= thresholds.MaxUnmappedGlyphShare)
            {
                return new(TextLayerVerdict.NeedsOcr, $"unmapped glyphs in text layer ({Percent(unmapped)} of glyphs)");
            }
        }

        var nonWords = NonWordShare(page.Text);
        if (nonWords >= thresholds.MaxNonWordShare)
        {
            return new(TextLayerVerdict.NeedsOcr, $"garbled text layer ({Percent(nonWords)} non-words)");
        }

        if (page.ImageCoverage >= thresholds.ScanImageCoverage
            && characters < thresholds.MinCharactersPerSquareInch * page.SquareInches)
        {
            return new(TextLayerVerdict.NeedsOcr, $"scanned page with sparse text layer ({characters} characters)", LayerIsText: true);
        }
        return TextLayerAssessment.Usable;
    }

    /// <summary>Share of non-word tokens among the tokens that are evidence either way; 0 when there are none.</summary>
    public static double NonWordShare(string text)
    {
        var kinds = TokenShape.Tokens(text).Select(TokenShape.Classify).ToList();
        int words = 0, nonWords = 0;
        for (var i = 0; i < kinds.Count; i++)
        {
            if (kinds[i] == TokenKind.SingleLetter)
            {
                var end = i;
                while (end < kinds.Count && kinds[end] == TokenKind.SingleLetter)
                {
                    end++;
                }
                if (end - i >= LetterSpacedRun)
                {
                    nonWords += end - i;
                }
                else
                {
                    words += end - i;
                }
                i = end - 1;
                continue;
            }
            if (kinds[i] == TokenKind.Word)
            {
                words++;
            }
            else if (kinds[i] == TokenKind.NonWord)
            {
                nonWords++;
            }
        }
        return words + nonWords == 0 ? 0 : (double)nonWords / (words + nonWords);
    }

    private static string Percent(double share) => (share * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
}
