using Pipeline.Core.Chunking;
using Pipeline.Core.Documents;

namespace Pipeline.Core.Tests.Chunking;

public sealed class StructureChunkerTests
{
    private static readonly string Sentence = "The ingestion service keeps the vector index fresh by re-reading every changed source document each night.";

    private static StructureChunker Chunker(int maxTokens = 64, int overlap = 10, bool prefix = true) =>
        new(ModelTokenizer.Value, new ChunkingOptions { MaxTokens = maxTokens, OverlapPercent = overlap, PrependHeadingPath = prefix });

    private static SourceDocument Document(params Block[] blocks) => new("doc.pdf", "Doc", blocks, 3, new Dictionary<string, string>());

    private static string Paragraph(int sentences) => string.Join(" ", Enumerable.Repeat(Sentence, sentences));

    [Fact]
    public void No_chunk_exceeds_the_token_budget_counted_by_the_model_tokenizer()
    {
        var document = Document(
            Block.Heading("Installation", 1, 1),
            Block.Paragraph(Paragraph(12), 1),
            Block.Paragraph(string.Concat(Enumerable.Repeat("x9f3k2", 200)), 2),
            Block.Paragraph(string.Join(" ", Enumerable.Repeat("word", 300)), 2));

        var chunks = Chunker(maxTokens: 64).Split(document);

        Assert.True(chunks.Count > 5);
        Assert.All(chunks, c => Assert.InRange(ModelTokenizer.Value.CountTokens(c.EmbeddingText), 1, 64));
        Assert.All(chunks, c => Assert.Equal(ModelTokenizer.Value.CountTokens(c.EmbeddingText), c.TokenCount));
    }

    [Fact]
    public void A_chunk_never_spans_two_sections_and_carries_its_heading_path()
    {
        var document = Document(
            Block.Heading("Installation", 1, 1),
            Block.Heading("Linux", 2, 1),
            Block.Paragraph("Install the packages first.", 1),
            Block.Heading("Windows", 2, 2),
            Block.Paragraph("Windows is not supported.", 2),
            Block.Heading("Operations", 1, 3),
            Block.Paragraph("Watch the dashboard.", 3));

        var chunks = Chunker().Split(document);

        Assert.Equal(3, chunks.Count);
        Assert.Equal(["Installation", "Linux"], chunks[0].HeadingPath);
        Assert.Equal(["Installation", "Windows"], chunks[1].HeadingPath);
        Assert.Equal(["Operations"], chunks[2].HeadingPath);
        Assert.Equal("Install the packages first.", chunks[0].Text);
        Assert.Equal("Installation › Linux\n\nInstall the packages first.", chunks[0].EmbeddingText);
        Assert.Equal((2, 2), (chunks[1].PageStart, chunks[1].PageEnd));
    }

    [Fact]
    public void Without_heading_prefix_the_embedded_text_is_the_clean_text()
    {
        var chunks = Chunker(prefix: false).Split(Document(Block.Heading("Intro", 1, 1), Block.Paragraph("Hello there.", 1)));

        Assert.Equal("Hello there.", Assert.Single(chunks).EmbeddingText);
    }

    [Fact]
    public void Consecutive_chunks_of_a_long_paragraph_overlap_by_whole_sentences_joined_as_prose()
    {
        var sentences = Enumerable.Range(1, 30).Select(i => $"Sentence number {i} explains one more operational detail.").ToArray();
        var chunks = Chunker(maxTokens: 64, overlap: 40).Split(Document(Block.Paragraph(string.Join(" ", sentences), 1)));

        Assert.True(chunks.Count >= 3);
        for (var i = 1; i < chunks.Count; i++)
        {
            var lastOfPrevious = sentences.Last(s => chunks[i - 1].Text.Contains(s, StringComparison.Ordinal));
            var firstOfNext = sentences.First(s => chunks[i].Text.StartsWith(s, StringComparison.Ordinal));
            Assert.Contains(firstOfNext, chunks[i - 1].Text);
            Assert.Contains(lastOfPrevious, chunks[i].Text);
            Assert.NotEqual(firstOfNext, lastOfPrevious);
        }
        // The overlap reads as prose: its sentences are joined by spaces, not split into paragraphs.
        Assert.All(chunks.Skip(1), c => Assert.DoesNotContain("detail.\n\nSentence", c.Text));
        // Every sentence survives somewhere.
        Assert.All(sentences, s => Assert.Contains(chunks, c => c.Text.Contains(s, StringComparison.Ordinal)));
        // What the overlap costs the model is counted per chunk: the tokens of the sentences repeated at its start.
        Assert.Equal(0, chunks[0].OverlapTokens);
        for (var i = 1; i < chunks.Count; i++)
        {
            var repeated = sentences.Where(s => chunks[i].Text.Contains(s, StringComparison.Ordinal) && chunks[i - 1].Text.Contains(s, StringComparison.Ordinal));
            Assert.Equal(repeated.Sum(ModelTokenizer.Value.CountTokens), chunks[i].OverlapTokens);
            Assert.True(chunks[i].OverlapTokens > 0);
        }
    }

    [Fact]
    public void A_long_table_splits_by_whole_rows_and_repeats_its_header()
    {
        var rows = new List<IReadOnlyList<string>> { new[] { "Plant", "State", "Owner" } };
        rows.AddRange(Enumerable.Range(1, 40).Select(i => (IReadOnlyList<string>)new[] { $"Plant {i}", "Texas", $"Utility company number {i}" }));
        var table = new Block(BlockKind.Table, "", 4, 5, Rows: rows);

        var chunks = Chunker(maxTokens: 64).Split(Document(table));

        Assert.True(chunks.Count > 1);
        foreach (var chunk in chunks)
        {
            var lines = chunk.Text.Split('\n');
            Assert.Equal("Plant | State | Owner", lines[0]);
            Assert.All(lines.Skip(1), l => Assert.Matches(@"^Plant \d+ \| Texas \| Utility company number \d+$", l));
        }
        var allRows = chunks.SelectMany(c => c.Text.Split('\n').Skip(1)).ToList();
        Assert.Equal(40, allRows.Count);
    }

    [Fact]
    public void A_tiny_trailing_fragment_merges_into_the_chunk_before_it()
    {
        var document = Document(Block.Paragraph(Paragraph(2), 1), Block.Paragraph(Paragraph(1), 1), Block.Paragraph("Done.", 2));

        var chunks = Chunker(maxTokens: 60, overlap: 0).Split(document);

        Assert.EndsWith("Done.", chunks[^1].Text);
        Assert.True(chunks[^1].TokenCount > 10);
        Assert.Equal(2, chunks[^1].PageEnd);
    }

    [Fact]
    public void Identical_documents_chunk_identically()
    {
        var document = Document(Block.Heading("A", 1, 1), Block.Paragraph(Paragraph(20), 1));

        Assert.Equal(Chunker().Split(document), Chunker().Split(document), new ChunkComparer());
    }

    [Fact]
    public void A_budget_above_what_the_model_reads_is_rejected()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Chunker(maxTokens: 511));
        Assert.Contains("510", error.Message);
    }

    private sealed class ChunkComparer : IEqualityComparer<Chunk>
    {
        public bool Equals(Chunk? x, Chunk? y) => x!.ContentHash == y!.ContentHash && x.Ordinal == y.Ordinal && x.HeadingPath.SequenceEqual(y.HeadingPath);

        public int GetHashCode(Chunk obj) => obj.ContentHash.GetHashCode();
    }

    private static StructureChunker Chunker(ChunkPrefix prefix, int maxTokens = 64) =>
        new(ModelTokenizer.Value, new ChunkingOptions { MaxTokens = maxTokens, Prefix = prefix });

    [Fact]
    public void The_title_headings_prefix_puts_the_document_title_before_the_heading_path()
    {
        var document = new SourceDocument("usgs.pdf", "Methods of analysis", [
            Block.Paragraph("Before any heading.", 1),
            Block.Heading("Blanks", 1, 2),
            Block.Heading("Carryover", 2, 2),
            Block.Paragraph("No acceptance criteria apply.", 2)], 2, new Dictionary<string, string>());

        var chunks = Chunker(ChunkPrefix.TitleHeadings).Split(document);

        Assert.Equal("Methods of analysis\n\nBefore any heading.", chunks[0].EmbeddingText);
        Assert.Equal("Methods of analysis › Blanks › Carryover\n\nNo acceptance criteria apply.", chunks[1].EmbeddingText);
        Assert.Equal("No acceptance criteria apply.", chunks[1].Text);
        Assert.Equal("Methods of analysis › Blanks › Carryover", EmbeddingText.PrefixOf(chunks[1]));
        // What the prefix costs the model is counted per chunk.
        Assert.Equal(ModelTokenizer.Value.CountTokens("Methods of analysis › Blanks › Carryover"), chunks[1].PrefixTokens);
        Assert.Equal(ModelTokenizer.Value.CountTokens("Methods of analysis"), chunks[0].PrefixTokens);
        Assert.Equal(0, Chunker(ChunkPrefix.None).Split(document)[1].PrefixTokens);
    }

    [Fact]
    public void A_title_that_repeats_the_first_heading_is_not_said_twice()
    {
        var document = new SourceDocument("a.pdf", "Owners of Nuclear Power Plants", [
            Block.Heading("Owners of nuclear power plants", 1, 1),
            Block.Paragraph("Crystal River is listed.", 1)], 1, new Dictionary<string, string>());

        var chunk = Assert.Single(Chunker(ChunkPrefix.TitleHeadings).Split(document));

        Assert.Equal("Owners of nuclear power plants\n\nCrystal River is listed.", chunk.EmbeddingText);
    }

    [Fact]
    public void A_long_title_gives_way_to_the_heading_path_within_a_quarter_of_the_budget()
    {
        var title = string.Join(" ", Enumerable.Repeat("comparison", 20));
        var document = new SourceDocument("a.pdf", title, [Block.Heading("Results", 1, 1), Block.Paragraph("It worked.", 1)], 1, new Dictionary<string, string>());

        var chunk = Assert.Single(Chunker(ChunkPrefix.TitleHeadings, maxTokens: 64).Split(document));

        Assert.Equal("Results\n\nIt worked.", chunk.EmbeddingText);
    }

    [Fact]
    public void The_old_boolean_is_an_alias_of_the_prefix()
    {
        Assert.Equal(ChunkPrefix.None, new ChunkingOptions { PrependHeadingPath = false }.Prefix);
        Assert.Equal(ChunkPrefix.Headings, new ChunkingOptions { PrependHeadingPath = true }.Prefix);
        Assert.False(new ChunkingOptions { Prefix = ChunkPrefix.None }.PrependHeadingPath);
        Assert.True(new ChunkingOptions { Prefix = ChunkPrefix.TitleHeadings }.PrependHeadingPath);
    }
}
