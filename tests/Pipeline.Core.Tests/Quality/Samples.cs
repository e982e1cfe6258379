using Pipeline.Core.Chunking;
using Pipeline.Core.Documents;

namespace Pipeline.Core.Tests.Quality;

/// <summary>Synthetic documents and chunks, each built to break (or pass) one rule.</summary>
internal static class Samples
{
    public const string Prose =
        "The pump station is inspected every spring. Operators record the pressure readings and replace worn seals before the summer season starts.";

    public static SourceDocument Document(string text, params PageInfo[] pages) =>
        new("doc.pdf", "Doc", [Block.Paragraph(text, 1)], Math.Max(1, pages.Length), new Dictionary<string, string>()) { PageDetails = pages };

    public static PageInfo OcrPage(int number, double confidence, int characters = 500) => new(number, PageTextSource.Ocr, confidence, characters);

    public static PageInfo TextPage(int number, int characters = 500) => new(number, PageTextSource.TextLayer, null, characters);

    public static Chunk Chunk(int ordinal, string text, int? tokens = null) =>
        new(ordinal, text, text, tokens ?? text.Split(' ').Length, $"hash-{ordinal}-{text.GetHashCode()}", [], 1, 1);
}
