using Pipeline.Extraction.Ocr;

namespace Pipeline.Extraction.Tests.Ocr;

public sealed class TesseractTsvTests
{
    private const string Header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext";

    private static string Word(int block, int paragraph, int line, int word, double confidence, string text) =>
        $"5\t1\t{block}\t{paragraph}\t{line}\t{word}\t0\t0\t10\t10\t{confidence.ToString(System.Globalization.CultureInfo.InvariantCulture)}\t{text}";

    [Fact]
    public void Words_are_grouped_into_paragraphs_with_lines_unfolded()
    {
        var tsv = string.Join('\n',
            Header,
            "1\t1\t0\t0\t0\t0\t0\t0\t2550\t3300\t-1\t",
            "2\t1\t1\t0\t0\t0\t10\t10\t500\t40\t-1\t",
            Word(1, 1, 1, 1, 96, "The"),
            Word(1, 1, 1, 2, 92, "Linn-"),
            Word(1, 1, 2, 1, 94, "sequencer"),
            Word(1, 1, 2, 2, 90, "records."),
            Word(2, 1, 1, 1, 80, "Second"),
            Word(2, 1, 1, 2, 70, "block"));

        var result = TesseractTsv.Parse(tsv);

        Assert.Equal(
            [new OcrParagraph("The Linnsequencer records.", 2, 93), new OcrParagraph("Second block", 1, 75)],
            result.Paragraphs);
        Assert.Equal(87, result.MeanConfidence);
    }

    [Fact]
    public void Blank_words_and_negative_confidences_are_ignored()
    {
        var tsv = string.Join('\n', Header, Word(1, 1, 1, 1, 95, " "), Word(1, 1, 1, 2, -1, "x"), Word(2, 1, 1, 1, 90, "Phone"));

        var result = TesseractTsv.Parse(tsv);

        Assert.Equal("Phone", Assert.Single(result.Paragraphs).Text);
        Assert.Equal(90, result.MeanConfidence);
    }

    [Fact]
    public void Low_confidence_paragraphs_from_pictures_are_dropped_but_count_towards_the_mean()
    {
        var tsv = string.Join('\n', Header, Word(1, 1, 1, 1, 5, "euack"), Word(2, 1, 1, 1, 95, "letter"));

        var result = TesseractTsv.Parse(tsv);

        Assert.Equal("letter", Assert.Single(result.Paragraphs).Text);
        Assert.Equal(50, result.MeanConfidence);
    }

    [Fact]
    public void Page_without_words_has_no_confidence()
    {
        var result = TesseractTsv.Parse(Header + "\n1\t1\t0\t0\t0\t0\t0\t0\t2550\t3300\t-1\t\n");

        Assert.Empty(result.Paragraphs);
        Assert.Null(result.MeanConfidence);
    }
}
