using Pipeline.Core.Chunking;
using Pipeline.Core.Documents;

namespace Pipeline.Extraction.Tests;

/// <summary>
/// A table row is found by its label (issue 12, item 3): the chunk that holds a row holds the row's label and the
/// header's words, in the text the model embeds and the lexical index reads, at every budget the sweep tries.
/// </summary>
public sealed class TableRowChunkTests
{
    private const string NuclearOwners = "nrc-owners-of-nuclear-plants-tables-90p.pdf";

    [Theory]
    [InlineData(128)]
    [InlineData(256)]
    [InlineData(384)]
    public void The_chunk_of_a_table_row_holds_its_label_and_the_header_words(int budget)
    {
        var document = CorpusExtraction.Document(NuclearOwners);
        var table = document.Blocks.First(b => b.Kind == BlockKind.Table && b.PageStart == 17);
        var header = table.Rows![0];
        var options = new ChunkingOptions { MaxTokens = budget, Prefix = ChunkPrefix.TitleHeadings };

        var chunks = new StructureChunker(CorpusExtraction.Tokens, options).Split(document);

        foreach (var row in table.Rows.Skip(1))
        {
            var line = string.Join(" | ", row);
            var holding = chunks.Where(c => c.Text.Split('\n').Contains(line)).ToList();
            Assert.NotEmpty(holding);
            Assert.All(holding, chunk =>
            {
                Assert.Contains(row[0], chunk.EmbeddingText);
                Assert.All(header, word => Assert.Contains(word, chunk.EmbeddingText));
                Assert.StartsWith(document.Title, chunk.EmbeddingText);
            });
        }
    }
}
