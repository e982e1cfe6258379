using System.Text.RegularExpressions;
using Pipeline.Core.Documents;

namespace Pipeline.Extraction.Tests.Ocr;

/// <summary>Compares OCR text the way a reader would: ignoring case, line breaks and the quote style.</summary>
internal static partial class CorpusText
{
    public static string Of(SourceDocument document, int? page = null) =>
        Normalise(string.Join(' ', document.Blocks.Where(b => page is null || b.PageStart == page).Select(b => b.Text)));

    public static string Normalise(string text) =>
        Whitespace().Replace(text.Replace('’', '\'').Replace('‘', '\''), " ").Trim().ToLowerInvariant();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
