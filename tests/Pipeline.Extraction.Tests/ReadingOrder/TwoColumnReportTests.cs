using Pipeline.Core.Documents;

namespace Pipeline.Extraction.Tests.ReadingOrder;

/// <summary>
/// The budget report pages of two-column-narrow-gutter-report-2p.pdf: two justified columns with a gutter too
/// narrow for layout analysis's gap threshold, a bulleted box above them and side headings inside them.
/// </summary>
public sealed class TwoColumnReportTests
{
    private const string Report = "two-column-narrow-gutter-report-2p.pdf";

    [Fact]
    public void The_left_column_reads_as_one_run_of_text_with_its_hyphenated_line_ends_rejoined()
    {
        var page1 = PageText(Report, 1);

        Assert.Contains(
            "The Department of the Interior’s (DOI’s) mission is to protect America’s natural resources and cultural " +
            "heritage; manage development of energy and mineral resources",
            page1);
        // Read row by row, each left-column line was followed by the right column's line beside it.
        Assert.DoesNotContain("mis- tory funds", page1);
    }

    [Fact]
    public void A_paragraph_that_breaks_inside_a_word_at_the_foot_of_a_column_goes_on_in_the_next_column()
    {
        Assert.Contains("including $200 million in mandatory funds out of $600 million overall for LWCF programs in 2014", PageText(Report, 1));
    }

    [Fact]
    public void The_left_column_is_read_before_the_right_column_and_the_box_above_before_both()
    {
        var page1 = PageText(Report, 1);

        var box = page1.IndexOf("Saves over $200 million from 2010 levels", StringComparison.Ordinal);
        var leftEnd = page1.IndexOf("other mineral development on Federal lands and waters.", StringComparison.Ordinal);
        var rightStart = page1.IndexOf("funds out of $600 million", StringComparison.Ordinal);
        Assert.True(box >= 0 && leftEnd > box && rightStart > leftEnd, $"box {box}, left column ends {leftEnd}, right column starts {rightStart}");
    }

    [Fact]
    public void A_wrapped_bold_run_in_heading_keeps_its_words_in_order()
    {
        // Layout analysis cut the justified first line into one-word lines and ordered them by something other
        // than x: "Promotes Job to Approaches New Training".
        var page2 = PageText(Report, 2);

        Assert.Contains("Promotes New Approaches to Job Training and Employment Services.", page2);
        Assert.DoesNotContain("Promotes Job to Approaches", page2);
    }

    [Fact]
    public void Side_headings_in_a_column_stay_before_their_paragraph()
    {
        var page2 = PageText(Report, 2);

        var heading = page2.IndexOf("Invests in a Competitive Workforce", StringComparison.Ordinal);
        var next = page2.IndexOf("Promotes New Approaches to Job Training", StringComparison.Ordinal);
        var mission = page2.IndexOf("The Department of Labor (DOL) is charged with promoting", StringComparison.Ordinal);
        Assert.True(mission >= 0 && heading > mission && next > heading, $"mission {mission}, heading {heading}, paragraph {next}");
    }

    [Fact]
    public void A_margin_of_side_headings_and_paragraph_numbers_is_not_read_as_a_column()
    {
        // The IRS manual sets "2.3.59.5 (01-16-2020) Restoring RRR Tax Modules…" and "(1)" in a narrow margin
        // beside the text: read as a column, every number would be cut off from its paragraph.
        var document = TextLayerCorpus.Document("irs-irm-2.3.59-manual-400p.pdf")!;
        var page9 = document.Blocks.Where(b => b.PageStart == 9).Select(b => b.Text).ToList();

        Assert.Contains(page9, t => t.StartsWith("(1) Recoverable Retention Register (RRR) tax modules are also available through BMFOL.", StringComparison.Ordinal));
        Assert.DoesNotContain(page9, t => t == "(1)");
    }

    [Theory]
    [InlineData("dpr-paper-two-column.pdf", 1, "is a task that answers factoid questions using a large collection of documents. While early QA systems")]
    [InlineData("federal-register-2020-17221-3col.pdf", 1, "The FAA proposes to supersede Airworthiness Directive (AD) 2018–23–51, which applies to all The Boeing Company Model")]
    public void Two_and_three_column_files_still_read_as_before(string file, int page, string run)
    {
        Assert.Contains(run, PageText(file, page));
    }

    private static string PageText(string file, int page) =>
        string.Join("\n", TextLayerCorpus.Document(file)!.Blocks.Where(b => b.PageStart == page && b.Kind != BlockKind.Table).Select(b => b.Text));
}
