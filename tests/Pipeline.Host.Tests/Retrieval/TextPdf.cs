using Pipeline.Host.Bench;

namespace Pipeline.Host.Tests.Retrieval;

/// <summary>A one-page PDF with a title, paragraphs and an optional ruled table, typeset as the bench's generated corpus is.</summary>
public static class TextPdf
{
    public static void Write(string path, string title, IEnumerable<string> paragraphs, IReadOnlyList<IReadOnlyList<string>>? table = null)
    {
        var layout = new GeneratedPdfLayout(title, maxPages: 1);
        layout.Heading(title, 1);
        foreach (var paragraph in paragraphs)
        {
            layout.Paragraph(paragraph);
        }
        if (table is not null)
        {
            layout.Table(table);
        }
        File.WriteAllBytes(path, layout.Build());
    }
}
