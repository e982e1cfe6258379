using Pipeline.Core.Documents;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// Picks the title users see in search results: the caller's, else the PDF's own Info title, else the largest
/// heading of the first page with headings, else the file name.
/// </summary>
internal static class DocumentTitle
{
    // Producers that fill the Info title with the source file name rather than a title.
    private static readonly string[] GeneratedPrefixes = ["Microsoft Word - ", "Microsoft PowerPoint - ", "Microsoft Excel - "];
    private static readonly string[] FileExtensions = [".doc", ".docx", ".pdf", ".ppt", ".pptx", ".xls", ".xlsx", ".tex", ".dvi", ".indd", ".rtf", ".txt"];

    public static string Choose(string? callerTitle, string? infoTitle, IReadOnlyList<Block> blocks, string externalId)
    {
        if (!string.IsNullOrWhiteSpace(callerTitle))
        {
            return callerTitle.Trim();
        }

        var info = TextNormaliser.Normalise(infoTitle ?? string.Empty);
        if (IsMeaningful(info))
        {
            return info;
        }

        // The biggest heading on the first page that has any: a later chapter title set even larger must not win.
        var headings = blocks.Where(b => b.Kind == BlockKind.Heading).ToList();
        if (headings.Count > 0)
        {
            var firstPage = headings[0].PageStart;
            return headings.Where(b => b.PageStart == firstPage).MinBy(b => b.Level)!.Text;
        }

        return Path.GetFileNameWithoutExtension(externalId.Replace('\\', '/').Split('/')[^1]);
    }

    private static bool IsMeaningful(string title) =>
        title.Length > 0
        && title.Any(char.IsLetter)
        && !GeneratedPrefixes.Any(p => title.StartsWith(p, StringComparison.OrdinalIgnoreCase))
        && !FileExtensions.Any(e => title.EndsWith(e, StringComparison.OrdinalIgnoreCase));
}
