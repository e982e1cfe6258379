using Pipeline.Core.Chunking;
using Pipeline.Core.Documents;
using Pipeline.Extraction.Pdf;

namespace Pipeline.Extraction.Tests;

/// <summary>Headings taken from the PDF outline (bookmarks) rather than from font sizes.</summary>
public sealed class OutlineHeadingTests
{
    private const string IrsManual = "irs-irm-2.3.59-manual-400p.pdf";

    [Fact]
    public void Outline_titles_of_the_irs_manual_become_headings_at_their_numbering_depth()
    {
        var headings = Headings(CorpusExtraction.Document(IrsManual));

        // The outline is one flat list of 134 entries; the depth comes from the numbering.
        Assert.Equal(134, headings.Count);
        Assert.Contains(("2.3.59.1 Program Scope and Objectives", 1), headings);
        Assert.Contains(("2.3.59.1.1 Background", 2), headings);
        Assert.Contains(("2.3.59.1.6 Terms/Definitions/Acronyms", 2), headings);
        // On the page: "Exhibit 2.3.59-9 (01-16-2001) Command Code BMFOL Input Display".
        Assert.Contains(("2.3.59-9 Command Code BMFOL Input Display", 1), headings);
    }

    [Fact]
    public void Large_text_that_the_outline_does_not_list_is_not_a_heading()
    {
        var headings = Headings(CorpusExtraction.Document(IrsManual));

        // Running heads such as "Part 2 Chapter 3 IDRS Terminal Responses" are set larger than the body.
        Assert.All(headings, h => Assert.True(
            h.Text.StartsWith("2.3.59", StringComparison.Ordinal) || h.Text is "Manual Transmittal" or "Table of Contents",
            $"not an outline title: {h.Text}"));
    }

    [Fact]
    public void Chunks_of_a_document_with_an_outline_carry_its_headings_in_their_path()
    {
        var document = CorpusExtraction.Document(IrsManual);

        var chunks = new StructureChunker(CorpusExtraction.Tokens, new ChunkingOptions()).Split(document);

        var background = Assert.Single(chunks, c => c.HeadingPath.Count > 0 && c.HeadingPath[^1] == "2.3.59.1.1 Background");
        Assert.Equal(["2.3.59.1 Program Scope and Objectives", "2.3.59.1.1 Background"], background.HeadingPath);
        Assert.Contains("read-only access to accounts on the Business Master File", background.Text);
        Assert.DoesNotContain("01-17-2023", background.Text);
    }

    [Fact]
    public void Nested_bookmarks_give_nested_levels()
    {
        var headings = Headings(CorpusExtraction.Document("usgs-nwql-voc-methods-86p.pdf"));

        var method = headings.IndexOf(("ANALYTICAL METHOD", 1));
        Assert.True(method >= 0);
        Assert.Equal(("1. Scope and application", 2), headings[method + 1]);
        // "APPENDIX" and "DATA TABLES" are two bookmarks but one block on the page.
        var appendix = headings.IndexOf(("APPENDIX", 1));
        Assert.Equal(("DATA TABLES", 1), headings[appendix + 1]);
    }

    [Fact]
    public void A_title_split_over_blocks_with_a_date_inside_becomes_one_heading()
    {
        var regions = Regions(
            ("2.3.59.1", 7),
            ("(12-12-2022)", 7),
            ("Program Scope and Objectives", 7),
            ("(1) Overview: The Business Master file on-line system provides read-only access.", 7),
            ("2.3.59.1.1 Background", 7));

        var blocks = Classify([new("2.3.59.1 Program Scope and Objectives", 1, 7), new("2.3.59.1.1 Background", 2, 7)], regions);

        Assert.Equal(
            [
                "Heading1: 2.3.59.1 Program Scope and Objectives",
                "Paragraph0: (1) Overview: The Business Master file on-line system provides read-only access.",
                "Heading2: 2.3.59.1.1 Background",
            ],
            Describe(blocks));
    }

    [Fact]
    public void A_block_that_opens_with_the_title_is_split_into_heading_and_paragraph()
    {
        var regions = Regions(("ABSTRACT Commercial nuclear power plants in this country can be owned by several entities.", 5));

        var blocks = Classify([new("ABSTRACT", 1, 5), new("CONTENTS", 1, 7)], regions.Append(new TextRegion("CONTENTS", 7, 10, 1, true)).ToList());

        Assert.Equal(
            ["Heading1: ABSTRACT", "Paragraph0: Commercial nuclear power plants in this country can be owned by several entities.", "Heading1: CONTENTS"],
            Describe(blocks));
    }

    [Fact]
    public void Titles_match_across_case_spacing_numbering_and_a_page_off()
    {
        var regions = Regions(
            ("1  Introduction", 3),
            ("Text of the introduction.", 3),
            ("Scope and application", 5),
            ("Text of the scope.", 5));

        // Bookmarks often open the page before the heading, and number what the page does not.
        var blocks = Classify([new("1 INTRODUCTION", 1, 3), new("1. Scope and application", 2, 4)], regions);

        Assert.Equal(
            ["Heading1: 1 INTRODUCTION", "Paragraph0: Text of the introduction.", "Heading2: 1. Scope and application", "Paragraph0: Text of the scope."],
            Describe(blocks));
    }

    [Fact]
    public void A_title_word_is_not_matched_inside_a_longer_word()
    {
        var regions = Regions(("Scoped variables are described below.", 2), ("Other", 2), ("Third", 2));

        var matched = OutlineHeadings.Mark([new("Scope", 1, 2), new("Other", 1, 2), new("Third", 1, 2)], regions);

        Assert.Equal(2, matched);
        Assert.Null(regions[0].Outline);
    }

    [Fact]
    public void With_an_outline_only_numbered_subsections_keep_their_font_headings()
    {
        var regions = new List<TextRegion>
        {
            new("7. Standard solutions", 21, 14, 1, true),
            new("Body text of the section in the usual size of the document.", 21, 12, 3, true),
            new("7.1 Stock solutions", 21, 14, 1, true),
            new("Body text of the subsection in the usual size of the document.", 21, 12, 3, true),
            new("Prepared for the Commission", 21, 14, 1, true),
            new("Body text after a large line that the outline does not list.", 21, 12, 3, true),
            new("8. Sample collection", 26, 14, 1, true),
        };

        var blocks = Classify([new("7. Standard solutions", 2, 21), new("8. Sample collection", 2, 26)], regions);

        Assert.Contains("Heading3: 7.1 Stock solutions", Describe(blocks));
        Assert.Contains("Paragraph0: Prepared for the Commission", Describe(blocks));
    }

    [Fact]
    public void An_outline_that_hardly_matches_the_pages_is_ignored()
    {
        var regions = Regions(("Introduction", 1), ("Some text.", 1));

        var matched = OutlineHeadings.Mark([new("Introduction", 1, 1), new("Cover", 1, 1), new("Part A", 1, 2), new("Part B", 1, 3), new("Part C", 1, 4), new("Part D", 1, 5), new("Part E", 1, 6)], regions);

        Assert.Equal(0, matched);
        Assert.All(regions, r => Assert.Null(r.Outline));
    }

    private static List<(string Text, int Level)> Headings(SourceDocument document) =>
        document.Blocks.Where(b => b.Kind == BlockKind.Heading).Select(b => (b.Text, b.Level)).ToList();

    private static List<TextRegion> Regions(params (string Text, int Page)[] regions) =>
        regions.Select(r => new TextRegion(r.Text, r.Page, FontSize: 10, Lines: 1, IsHorizontal: true)).ToList();

    private static List<Block> Classify(IReadOnlyList<OutlineEntry> outline, List<TextRegion> regions)
    {
        OutlineHeadings.Mark(outline, regions);
        return HeadingClassifier.Classify(regions);
    }

    private static List<string> Describe(IEnumerable<Block> blocks) => blocks.Select(b => $"{b.Kind}{b.Level}: {b.Text}").ToList();
}
