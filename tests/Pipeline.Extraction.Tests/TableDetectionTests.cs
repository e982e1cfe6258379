using Pipeline.Core.Chunking;
using Pipeline.Core.Documents;

namespace Pipeline.Extraction.Tests;

/// <summary>Tables found in the text layer come out as table blocks, row by row, and are chunked by whole rows.</summary>
public sealed class TableDetectionTests
{
    private const string NuclearOwners = "nrc-owners-of-nuclear-plants-tables-90p.pdf";

    [Fact]
    public void A_table_comes_out_as_rows_of_cells_under_its_header()
    {
        var table = Tables(CorpusExtraction.Document(NuclearOwners)).First(t => t.PageStart == 17);

        Assert.Equal(["Plant Name", "Location", "Operating Status", "Ownership", "Ownership Percentage"], table.Rows![0]);
        Assert.All(table.Rows, row => Assert.Equal(5, row.Count));
        Assert.Contains(table.Rows, row => row[0] == "Arkansas Nuclear One, Units 1 & 2" && row[1] == "Arkansas" && row[4] == "100.0");
        // One plant, three owners: the owners and their shares stay in the plant's row.
        var arnold = Assert.Single(table.Rows, row => row[0] == "Arnold (Duane) Energy Center");
        Assert.Equal("Iowa", arnold[1]);
        Assert.Equal("70.0 20.0 10.0", arnold[4]);
        // The text is kept for search and hashing, one row a line.
        Assert.StartsWith("Plant Name | Location | Operating Status | Ownership | Ownership Percentage\n", table.Text);
    }

    [Fact]
    public void Every_chunk_of_a_long_table_starts_with_its_header_and_holds_whole_rows()
    {
        var document = CorpusExtraction.Document(NuclearOwners);
        var table = Tables(document).First(t => t.PageStart == 29);
        var header = string.Join(" | ", table.Rows![0]);
        var rows = table.Rows.Skip(1).Select(r => string.Join(" | ", r)).ToHashSet();

        // The heading-path prefix: with the title too, 64 tokens leave one row no room beside its header.
        var chunks = new StructureChunker(CorpusExtraction.Tokens, new ChunkingOptions { MaxTokens = 64, Prefix = ChunkPrefix.Headings }).Split(document);

        var parts = chunks
            .SelectMany(c => c.Text.Split("\n\n"))
            .Where(part => part.Split('\n').Any(rows.Contains))
            .ToList();
        Assert.True(parts.Count > 1, "a 64-token budget should need several chunks for this table");
        foreach (var part in parts)
        {
            var lines = part.Split('\n');
            Assert.Equal(header, lines[0]);
            Assert.All(lines.Skip(1), line => Assert.Contains(line, rows));
        }
        Assert.Equal(rows.Count, parts.SelectMany(p => p.Split('\n').Skip(1)).Distinct().Count());
    }

    [Fact]
    public void Prose_pages_yield_no_tables()
    {
        var paper = CorpusExtraction.Document("dpr-paper-two-column.pdf");
        var plos = CorpusExtraction.Document("plos-one-0196757-paper.pdf");

        // Two-column prose: the gutter between the columns must not pass for a cell gap.
        Assert.DoesNotContain(paper.Blocks, b => b.Kind == BlockKind.Table && b.PageStart <= 3);
        Assert.DoesNotContain(plos.Blocks, b => b.Kind == BlockKind.Table && b.PageStart <= 3);
    }

    [Fact]
    public void A_table_beside_a_column_of_prose_is_found_without_the_prose()
    {
        var table = Tables(CorpusExtraction.Document("dpr-paper-two-column.pdf")).First(t => t.PageStart == 4);

        Assert.Contains(table.Rows!, row => row.SequenceEqual(["Natural Questions", "79,168", "58,880", "8,757", "3,610"]));
        Assert.DoesNotContain("in-batch negatives", table.Text);
    }

    [Fact]
    public void A_table_on_a_sideways_page_reads_row_by_row()
    {
        var rows = Assert.Single(Tables(CorpusExtraction.Document("nics-checks-2015-11-table-rotate90.pdf"))).Rows!.ToList();

        var alabama = rows.FindIndex(r => r[0] == "Alabama");
        Assert.True(alabama >= 0);
        Assert.Equal("Alaska", rows[alabama + 1][0]);
        Assert.True(rows[alabama].Count >= 20);
        Assert.Equal("18,870", rows[alabama][1]);
    }

    [Fact]
    public void In_an_openly_spaced_table_a_wrapped_description_stays_in_its_row()
    {
        // IRS exhibit page 99: every line 1.9 glyph sizes apart, so the codes under "Disbursing Center Code" sit as
        // far down as the next row. Counted as rows of their own they made the table fail and be read column by column.
        var table = Tables(CorpusExtraction.Document("irs-irm-2.3.59-manual-400p.pdf")).First(t => t.PageStart == 99);

        var row = Assert.Single(table.Rows!, r => r.Any(c => c.StartsWith("Disbursing Center Code", StringComparison.Ordinal)));
        Assert.Contains("15", row);
        Assert.Contains("22-23", row);
        Assert.Contains(row, c => c.Contains("01 = (A) Austin 02 = (B) Birmingham", StringComparison.Ordinal) && c.EndsWith("07 = (W) Washington", StringComparison.Ordinal));
    }

    private static List<Block> Tables(SourceDocument document) => document.Blocks.Where(b => b.Kind == BlockKind.Table).ToList();
}
