using Pipeline.Core.Documents;
using Pipeline.Extraction.ReadingOrder;
using Xunit.Abstractions;

namespace Pipeline.Extraction.Tests.ReadingOrder;

/// <summary>
/// The corpus-wide reading-order guard: on every born-digital file, the word pairs of the text we extract
/// (tables left out) agree with pdftotext's reading of the same pages for at least 90 %. A layout we read across
/// its columns falls far below that, whichever file it is in.
/// </summary>
public sealed class ReadingOrderAgreementTests(ITestOutputHelper output)
{
    private const double Bar = 0.9;

    /// <summary>
    /// Pages pdftotext itself reads wrong, so that agreeing with it would be the defect. Each names the reason;
    /// the bar is never lowered for a file instead.
    /// </summary>
    private static readonly Dictionary<string, (int[] Pages, string Reason)> PdftotextMisreads = new()
    {
        ["arabic-rtl-word-doc.pdf"] = ([1],
            "pdftotext turns every lam-alef ligature round ('اإلنتاجية' for 'الإنتاجية', 'المشكالت' for 'المشكلات'; "
            + "SOURCES.md notes it), so each word holding one differs from the right text"),
        ["nrc-owners-of-nuclear-plants-tables-90p.pdf"] = ([20],
            "the page's content stream is damaged (SOURCES.md: PdfPig strict throws on it): pdftotext prints raw "
            + "operators as text ('Indian Poi92 481.441f 659.76 6.04 TD 5840144 Tew'), so no reading of it is right"),
    };

    public static TheoryData<string> CorpusFiles() => new(TextLayerCorpus.Files());

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public async Task Text_layer_pages_read_in_the_order_pdftotext_reads_them(string file)
    {
        var document = TextLayerCorpus.Document(file);
        var reference = await PdftotextPages.ReadAsync(RepositoryPaths.CorpusPdf(file), CancellationToken.None);
        if (document is null || reference is null || !document.PageDetails.Any(p => p.Source == PageTextSource.TextLayer))
        {
            output.WriteLine($"{file}: no text layer to compare (extracted: {document is not null}, pdftotext: {reference is not null})");
            return;
        }

        var figures = ReadingOrderAgreement.Measure(document, reference);
        if (PdftotextMisreads.TryGetValue(file, out var misread))
        {
            output.WriteLine($"{file}: pages {string.Join(", ", misread.Pages)} left out: {misread.Reason}");
            figures = figures.Without(misread.Pages);
        }
        output.WriteLine($"{file}: agreement {figures.Agreement:0.000} over {figures.Pairs} word pairs on {figures.Pages.Count} pages");
        foreach (var page in figures.Pages.Where(p => p.Agreement < Bar && p.Pairs >= 20))
        {
            output.WriteLine($"  page {page.Page}: {page.Agreement:0.000} ({page.Matched}/{page.Pairs})");
        }
        if (figures.Agreement is not { } agreement)
        {
            return;
        }
        Assert.True(agreement >= Bar, $"{file}: reading-order agreement {agreement:0.000} is below {Bar}");
    }
}
