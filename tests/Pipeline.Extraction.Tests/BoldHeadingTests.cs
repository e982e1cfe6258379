using Pipeline.Core.Documents;
using Pipeline.Extraction.Pdf;

namespace Pipeline.Extraction.Tests;

/// <summary>Without an outline, short bold lines at body size count as headings below the size-based ones.</summary>
public sealed class BoldHeadingTests
{
    [Fact]
    public void Bold_subsections_of_a_latex_paper_are_headings_under_their_section()
    {
        var headings = CorpusExtraction.Document("dpr-paper-two-column.pdf").Blocks
            .Where(b => b.Kind == BlockKind.Heading)
            .Select(b => $"{b.Level}: {b.Text}")
            .ToList();

        var section = headings.IndexOf("2: 3 Dense Passage Retriever (DPR)");
        Assert.True(section >= 0, string.Join("\n", headings));
        Assert.Equal("3: 3.1 Overview", headings[section + 1]);
        Assert.Equal("3: 3.2 Training", headings[section + 2]);
        Assert.Equal("2: 4 Experimental Setup", headings[section + 3]);
    }

    [Fact]
    public void A_bold_run_in_head_stays_in_its_paragraph()
    {
        var blocks = CorpusExtraction.Document("dpr-paper-two-column.pdf").Blocks;

        Assert.DoesNotContain(blocks, b => b.Kind == BlockKind.Heading && b.Text == "Encoders");
        Assert.Contains(blocks, b => b.Kind == BlockKind.Paragraph && b.Text.StartsWith("Encoders Although in principle", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bold_line_followed_by_regular_text_is_a_heading()
    {
        var blocks = HeadingClassifier.Classify(
        [
            Region("Results", bold: true),
            Region("The results are reported below in some detail, in regular type."),
        ]);

        Assert.Equal(BlockKind.Heading, blocks[0].Kind);
    }

    [Theory]
    [InlineData("Table 3. Results of the second run")]
    [InlineData("Note: read this first")]
    [InlineData("A bold sentence that ends with a full stop.")]
    public void Captions_labels_and_bold_sentences_are_not_headings(string text)
    {
        var blocks = HeadingClassifier.Classify([Region(text, bold: true), Region("Regular body text follows in the usual size of the document.")]);

        Assert.Equal(BlockKind.Paragraph, blocks[0].Kind);
    }

    [Fact]
    public void Bold_lines_in_a_row_are_a_cover_not_headings()
    {
        var blocks = HeadingClassifier.Classify(
        [
            Region("Prepared by R. L. Reid", bold: true),
            Region("Oak Ridge National Laboratory", bold: true),
            Region("Managed by a contractor for the Department, in regular type."),
        ]);

        Assert.Equal(BlockKind.Paragraph, blocks[0].Kind);
        Assert.Equal(BlockKind.Paragraph, blocks[1].Kind);
    }

    private static TextRegion Region(string text, bool bold = false) =>
        new(text, Page: 1, FontSize: 10, Lines: 1, IsHorizontal: true) { IsBold = bold };
}
