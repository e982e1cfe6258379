using System.Diagnostics;
using System.Text;
using Pipeline.Core.Documents;
using Pipeline.Extraction.Atlassian;

namespace Pipeline.Extraction.Tests.Atlassian;

public sealed class LargeStorageBodyTests
{
    private const int TenMegabytes = 10 * 1024 * 1024;

    // The converter is linear. A wall-clock budget failed whenever a shared 2-core box was busy (18 s under load),
    // so the guard compares sizes instead: 10 MB against 1 MB, fastest of two interleaved rounds each. Linear work
    // gives about 10x, a quadratic regression about 100x; load stretches both sides of the ratio alike.
    private const double MaxGrowthForTenfoldSize = 35;

    [Fact]
    public void Ten_megabyte_page_converts_in_linear_time_and_keeps_every_section()
    {
        var (small, _) = GeneratePage(TenMegabytes / 10);
        var (xhtml, sections) = GeneratePage(TenMegabytes);
        StorageXhtmlConverter.Convert(small);

        var smallTime = TimeSpan.MaxValue;
        var largeTime = TimeSpan.MaxValue;
        ConvertedBody? body = null;
        for (var round = 0; round < 2; round++)
        {
            var clock = Stopwatch.StartNew();
            StorageXhtmlConverter.Convert(small);
            smallTime = Min(smallTime, clock.Elapsed);
            clock.Restart();
            body = StorageXhtmlConverter.Convert(xhtml);
            largeTime = Min(largeTime, clock.Elapsed);
        }

        var growth = largeTime / smallTime;
        Assert.True(growth < MaxGrowthForTenfoldSize, $"10 MB took {growth:F1}x the time of 1 MB ({largeTime.TotalSeconds:F2} s against {smallTime.TotalSeconds:F2} s)");
        Assert.Equal(sections, body!.Blocks.Count(b => b.Kind == BlockKind.Heading));
        Assert.Equal(sections, body.Blocks.Count(b => b.Kind == BlockKind.Code));
        Assert.Equal(sections, body.Blocks.Count(b => b.Kind == BlockKind.Table));
        Assert.Equal($"Section {sections - 1}", body.Blocks.Last(b => b.Kind == BlockKind.Heading).Text);
        Assert.Equal(sections, body.IgnoredNodes["ac:placeholder"]);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    // A realistic mix: layouts, headings, formatted paragraphs with links, nested lists, tables, code macros,
    // info panels and placeholders, repeated until the body reaches the size.
    private static (string Xhtml, int Sections) GeneratePage(int size)
    {
        var page = new StringBuilder(size + 4096);
        var sections = 0;
        while (page.Length < size)
        {
            var n = sections++;
            page.Append("<ac:layout><ac:layout-section ac:type=\"two_equal\"><ac:layout-cell>")
                .Append($"<h2>Section {n}</h2>")
                .Append($"<p>Paragraph {n} with <strong>bold</strong>, <a href=\"https://example.com/{n}\">a link</a> and ")
                .Append($"<ac:link><ri:page ri:content-title=\"Page {n}\" /></ac:link> &amp; more text to read.</p>")
                .Append("<ul><li><p>first</p><ul><li><p>nested</p></li></ul></li><li><p>second</p></li></ul>")
                .Append("</ac:layout-cell><ac:layout-cell>")
                .Append($"<table><tbody><tr><th><p>Key</p></th><th><p>Value</p></th></tr><tr><td><p>k{n}</p></td><td><p>v{n}</p></td></tr></tbody></table>")
                .Append($"<ac:structured-macro ac:name=\"code\"><ac:parameter ac:name=\"language\">c</ac:parameter><ac:plain-text-body><![CDATA[int x = {n};\nif (x < 3 && x > 1) {{ }}]]></ac:plain-text-body></ac:structured-macro>")
                .Append("<ac:structured-macro ac:name=\"info\"><ac:rich-text-body><p>Remember <ac:placeholder>type here</ac:placeholder> this.</p></ac:rich-text-body></ac:structured-macro>")
                .Append("</ac:layout-cell></ac:layout-section></ac:layout>\n");
        }
        return (page.ToString(), sections);
    }
}
