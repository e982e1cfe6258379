using Pipeline.Extraction.Pdf;
using Pipeline.Extraction.Pdf.Layout;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.ReadingOrderDetector;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;

namespace Pipeline.Extraction.Tests;

/// <summary>
/// The faster copies of PdfPig's word and block grouping and block ordering (<see cref="LetterWords"/>,
/// <see cref="DocstrumBlocks"/>, <see cref="BlockReadingOrder"/>) give exactly PdfPig's words, blocks and order,
/// letter for letter and box for box, on pages that exercise every path:
/// columns, tables, rotated and right-to-left text, tight word spacing, damaged content streams.
/// </summary>
public sealed class LayoutPortTests
{
    // The options PageLayoutReader gave PdfPig before the copies replaced it.
    private static readonly NearestNeighbourWordExtractor PdfPigWords = new(new NearestNeighbourWordExtractor.NearestNeighbourWordExtractorOptions
    {
        MaxDegreeOfParallelism = 1,
        MaximumDistance = (a, b) =>
        {
            var size = Math.Max(a.PointSize, b.PointSize);
            return size > 0 ? 0.15 * size : 0.2 * Math.Max(a.Width, b.Width);
        },
    });

    private static readonly DocstrumBoundingBoxes PdfPigBlocks = new(new DocstrumBoundingBoxes.DocstrumBoundingBoxesOptions { MaxDegreeOfParallelism = 1 });

    [Theory]
    [InlineData("dpr-paper-two-column.pdf", 13)]
    [InlineData("federal-register-2020-17221-3col.pdf", 4)]
    [InlineData("two-column-narrow-gutter-report-2p.pdf", 2)]
    [InlineData("plos-one-0196757-paper.pdf", 3)]
    [InlineData("nrc-owners-of-nuclear-plants-tables-90p.pdf", 10)]
    [InlineData("irs-irm-2.3.59-manual-400p.pdf", 8)]
    [InlineData("usgs-nwql-voc-methods-86p.pdf", 8)]
    [InlineData("nics-checks-2015-11-table-rotate90.pdf", 1)]
    [InlineData("rotation-page2-rotate90.pdf", 2)]
    [InlineData("arabic-rtl-word-doc.pdf", 2)]
    [InlineData("cjk-zh-semiannual-report-95p.pdf", 4)]
    [InlineData("mixed-derived-bedrails-text-scan-text.pdf", 3)]
    public void Words_blocks_and_their_order_are_PdfPigs(string file, int pages)
    {
        using var document = PdfDocument.Open(RepositoryPaths.CorpusPdf(file), new ParsingOptions { UseLenientParsing = true });
        for (var number = 1; number <= Math.Min(pages, document.NumberOfPages); number++)
        {
            var page = document.GetPage(number);
            var letters = GlyphBoxCorrection.Apply(UprightLetters.Apply(page.Letters, page.Width, page.Height));

            var expectedWords = PdfPigWords.GetWords(letters).ToList();
            var words = LetterWords.Get(letters);
            Assert.Equal(expectedWords.Count, words.Count);
            for (var i = 0; i < words.Count; i++)
            {
                Assert.Equal(expectedWords[i].Letters, words[i].Letters, ReferenceEqualityComparer.Instance);
            }

            var visible = words.Where(w => !string.IsNullOrWhiteSpace(w.Text)).ToList();
            var expectedBlocks = PdfPigBlocks.GetBlocks(visible).ToList();
            var blocks = DocstrumBlocks.Get(visible);
            Assert.Equal(Describe(expectedBlocks), Describe(blocks));

            var expectedOrder = UnsupervisedReadingOrderDetector.Instance.Get(blocks).ToList();
            Assert.Equal(expectedOrder, BlockReadingOrder.Of(blocks), ReferenceEqualityComparer.Instance);
        }
    }

    private static List<string> Describe(IEnumerable<TextBlock> blocks) =>
        blocks.Select(b => $"{b.BoundingBox} {string.Join(" / ", b.TextLines.Select(l => string.Join(" ", l.Words.Select(w => $"{w.Text}@{w.BoundingBox.Left:R},{w.BoundingBox.Bottom:R}"))))}").ToList();
}
