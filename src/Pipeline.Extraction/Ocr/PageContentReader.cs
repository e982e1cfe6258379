using System.Globalization;
using Pipeline.Extraction.Pdf;
using UglyToad.PdfPig.Content;

namespace Pipeline.Extraction.Ocr;

/// <summary>Collects what <see cref="TextLayerQuality"/> needs from a PdfPig page and the text read from it.</summary>
internal static class PageContentReader
{
    public static PageContent Read(Page page, IReadOnlyList<TextRegion> regions)
    {
        var glyphs = 0;
        var unmapped = 0;
        foreach (var letter in page.Letters)
        {
            if (string.IsNullOrEmpty(letter.Value))
            {
                glyphs++;
                unmapped++;
                continue;
            }
            if (string.IsNullOrWhiteSpace(letter.Value))
            {
                continue;
            }
            glyphs++;
            if (letter.Value.Any(IsUnmapped))
            {
                unmapped++;
            }
        }

        var (images, coverage) = Images(page);
        return new PageContent(
            string.Join('\n', regions.Select(r => r.Text)),
            glyphs,
            unmapped,
            images,
            coverage,
            VectorPaths(page),
            page.Width,
            page.Height);
    }

    /// <summary>What a glyph of a font without a Unicode mapping decodes to.</summary>
    private static bool IsUnmapped(char c) =>
        c == '\uFFFD'
        || (char.IsControl(c) && !char.IsWhiteSpace(c))
        || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.PrivateUse;

    private static (int Count, double Coverage) Images(Page page)
    {
        try
        {
            var pageArea = Math.Abs(page.Width * page.Height);
            var count = 0;
            double covered = 0;
            foreach (var image in page.GetImages())
            {
                count++;
                covered += Math.Abs(image.BoundingBox.Width * image.BoundingBox.Height);
            }
            return (count, pageArea > 0 ? Math.Min(1, covered / pageArea) : 0);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // An image PdfPig cannot describe is still an image: assume the page is a scan, so a page without
            // text gets OCR'd rather than recorded as empty.
            return (1, 1);
        }
    }

    private static int VectorPaths(Page page)
    {
        try
        {
            return page.Paths.Count;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            return 0;
        }
    }
}
