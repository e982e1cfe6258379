namespace Pipeline.Extraction.Tests.ReadingOrder;

/// <summary>arabic-rtl-word-doc.pdf: Arabic set right to left with Latin "R" and "Python" inside.</summary>
public sealed class RightToLeftTests
{
    [Fact]
    public void Arabic_lines_read_in_logical_order_with_their_ligatures_and_latin_words_intact()
    {
        var document = TextLayerCorpus.Document("arabic-rtl-word-doc.pdf")!;

        // Read left to right the glyphs gave "وnohtyP R ةغلب ةجمربلا …": every word reversed, and the words too.
        Assert.Equal("تحسين الإنتاجية وحل المشكلات من خلال البرمجة بلغة R و Python", document.Blocks[0].Text);
        // "Python" drawn against "من" without a space glyph is still two words.
        Assert.Contains("تعتبر البرمجة بلغة R و Python من الأدوات القوية", document.Blocks[1].Text);
    }
}
