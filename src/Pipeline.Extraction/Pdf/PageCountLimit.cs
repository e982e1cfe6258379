using UglyToad.PdfPig;
using UglyToad.PdfPig.Parser.Parts;
using UglyToad.PdfPig.Tokens;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// Refuses a document with more pages than <see cref="PdfLimits.MaxPages"/> before any page is laid out. The
/// pages counted are those the page tree holds (PdfPig walks the tree when the file opens, at a cost bounded by
/// the file's size); the root's /Count is only a claim, and a file claiming a billion pages must neither be
/// believed nor cost anything per claimed page.
/// </summary>
internal static class PageCountLimit
{
    /// <returns>The failure to quarantine the document with, or null when it is within the limit.</returns>
    public static PdfExtractionResult? Check(PdfDocument document, int maxPages, out long? declaredCount)
    {
        declaredCount = DeclaredCount(document);
        var pages = document.NumberOfPages;
        if (pages <= maxPages)
        {
            return null;
        }
        var claim = declaredCount is { } declared && declared != pages ? $" (its /Count claims {declared:N0})" : "";
        return PdfExtractionResult.Failed(
            PdfFailureReason.TooManyPages,
            $"The PDF has {pages:N0} pages{claim}, over the limit of {maxPages:N0} pages.");
    }

    /// <summary>The root page node's /Count, or null when it is missing or not a number.</summary>
    private static long? DeclaredCount(PdfDocument document)
    {
        try
        {
            var scanner = document.Structure.TokenScanner;
            var catalog = document.Structure.Catalog.CatalogDictionary;
            if (!catalog.TryGet(NameToken.Pages, out var pagesToken)
                || !DirectObjectFinder.TryGet(pagesToken, scanner, out DictionaryToken? pages)
                || pages is null
                || !pages.TryGet(NameToken.Count, out var countToken)
                || !DirectObjectFinder.TryGet(countToken, scanner, out NumericToken? count)
                || count is null)
            {
                return null;
            }
            // A double first: a hostile /Count need not fit in an int.
            return (long)Math.Clamp(count.Double, long.MinValue, long.MaxValue);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            // Only used to explain a mismatch; PdfPig has already read the tree that matters.
            return null;
        }
    }
}
