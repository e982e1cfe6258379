using Pipeline.Extraction.Ocr;

namespace Pipeline.Extraction.Tests.Ocr;

public sealed class TextLayerQualityTests
{
    private static readonly TextLayerThresholds Thresholds = new();

    // A US Letter page, 612 x 792 points (93.5 square inches).
    private static PageContent Page(string text, int images = 0, double imageCoverage = 0, int paths = 0, int? glyphs = null, int unmapped = 0) =>
        new(text, glyphs ?? text.Count(c => !char.IsWhiteSpace(c)), unmapped, images, imageCoverage, paths, 612, 792);

    [Fact]
    public void Ordinary_prose_is_usable()
    {
        var page = Page("We went tip-toeing along a path amongst the trees back towards the end of the widow's garden.");

        Assert.Equal(TextLayerVerdict.Usable, TextLayerQuality.Assess(page, Thresholds).Verdict);
    }

    [Fact]
    public void Page_with_an_image_and_no_text_needs_ocr()
    {
        var assessment = TextLayerQuality.Assess(Page("", images: 1, imageCoverage: 1), Thresholds);

        Assert.Equal(TextLayerVerdict.NeedsOcr, assessment.Verdict);
        Assert.Equal("no text layer", assessment.Reason);
    }

    [Fact]
    public void Small_image_without_text_still_needs_ocr()
    {
        // A scanned table placed on an otherwise blank page covers a tenth of it.
        Assert.Equal(TextLayerVerdict.NeedsOcr, TextLayerQuality.Assess(Page("", images: 1, imageCoverage: 0.09), Thresholds).Verdict);
    }

    [Fact]
    public void Text_drawn_as_vector_paths_needs_ocr()
    {
        var assessment = TextLayerQuality.Assess(Page("", paths: 134), Thresholds);

        Assert.Equal(TextLayerVerdict.NeedsOcr, assessment.Verdict);
        Assert.Equal("no text layer, only vector drawing", assessment.Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)] // a border or a rule
    public void Page_with_nothing_to_read_is_empty(int paths)
    {
        Assert.Equal(TextLayerVerdict.Empty, TextLayerQuality.Assess(Page("", paths: paths), Thresholds).Verdict);
    }

    [Theory]
    [InlineData("\"7+%-")] // "Phone" in a TrueType font without a Unicode mapping
    [InlineData("3HQČåQt SURVWĜHGN\\QD~þWHFK")] // "Peněžní prostředky" with shifted glyph codes
    [InlineData("«POAH «3E*»CM tanntxim. inc. n u t , s*r;tiiR» and FRG&t K i l l l e t t e r c o n t r a c t s")]
    public void Mostly_non_words_is_garbled(string text)
    {
        var assessment = TextLayerQuality.Assess(Page(text), Thresholds);

        Assert.Equal(TextLayerVerdict.NeedsOcr, assessment.Verdict);
        Assert.StartsWith("garbled text layer (", assessment.Reason);
        Assert.False(assessment.LayerIsText);
    }

    [Fact]
    public void Garbled_reason_gives_the_share_of_non_words()
    {
        var assessment = TextLayerQuality.Assess(Page("one two «3E*»CM s*r"), Thresholds);

        Assert.Equal("garbled text layer (50% non-words)", assessment.Reason);
    }

    [Theory]
    [InlineData("THE SIEGE OF VICKSBUEG. 50 buried itself in tie earth, and exploded, scattering dirt for yards around")] // honest OCR errors
    [InlineData("中航动力控制股份有限公司 2010 年半年度报告 基本每股收益（元/股） 第一节、公司基本情况⋯⋯⋯⋯4")]
    [InlineData("تحسين الإنتاجية وحل المشكلات من خلال البرمجة بلغة R و Python")]
    [InlineData("EREĞLİ DEMİR VE ÇELİK FABRİKALARI T.A.Ş. 30 HAZİRAN 2018 TARİHİ İTİBARIYLA")]
    [InlineData("Net income 53,977,844.16 55,725,855.60 -3.14% <0.05 $1-$9,999 (0731)28559515 2.3.59-19")]
    [InlineData("1,2-Dibromo-3-chloropropane trans-1,4-Dichloro-2-butene cis-1,2-Dichloroethene")]
    [InlineData("The LinnSequencer is a tool for the iPhone era, says a PhD at AT&T (see https://example.org/a_b).")]
    [InlineData("12TH.—We expect to be paid off soon, as the pay-rolls are now being made out.")]
    [InlineData("Options: A B or C, answer a question")]
    public void Real_text_of_any_script_is_not_garbled(string text)
    {
        Assert.Equal(0, TextLayerQuality.NonWordShare(text), precision: 2);
        Assert.Equal(TextLayerVerdict.Usable, TextLayerQuality.Assess(Page(text), Thresholds).Verdict);
    }

    [Fact]
    public void Letter_spaced_runs_count_as_non_words_but_single_words_do_not()
    {
        Assert.Equal(0, TextLayerQuality.NonWordShare("I saw a cat"));
        // Seven one-letter tokens in a row against five words.
        Assert.Equal(7.0 / 12, TextLayerQuality.NonWordShare("a l e t t e r from the Foundation to members"), precision: 3);
    }

    [Fact]
    public void Glyphs_without_unicode_meaning_need_ocr()
    {
        var assessment = TextLayerQuality.Assess(Page("Peněžní prostředky", glyphs: 20, unmapped: 5), Thresholds);

        Assert.Equal(TextLayerVerdict.NeedsOcr, assessment.Verdict);
        Assert.Equal("unmapped glyphs in text layer (25% of glyphs)", assessment.Reason);
    }

    [Fact]
    public void Scan_with_only_a_stamp_in_its_text_layer_needs_ocr_but_keeps_the_stamp_as_text()
    {
        var assessment = TextLayerQuality.Assess(Page("BATES 000123", images: 1, imageCoverage: 1), Thresholds);

        Assert.Equal(TextLayerVerdict.NeedsOcr, assessment.Verdict);
        Assert.Equal("scanned page with sparse text layer (11 characters)", assessment.Reason);
        Assert.True(assessment.LayerIsText);
    }

    [Fact]
    public void Short_text_beside_a_small_logo_is_usable()
    {
        // A cover page: a title and a logo covering a few percent of the page.
        var page = Page("Clinical Guidance For the Assessment of Bed Rails", images: 1, imageCoverage: 0.06);

        Assert.Equal(TextLayerVerdict.Usable, TextLayerQuality.Assess(page, Thresholds).Verdict);
    }

    [Fact]
    public void Full_text_over_a_page_image_is_usable()
    {
        // An OCR layer over its scan: the image covers the page, and the text is all there.
        var text = string.Join(' ', Enumerable.Repeat("however, did not last long; it became too conspicuous", 20));

        Assert.Equal(TextLayerVerdict.Usable, TextLayerQuality.Assess(Page(text, images: 4, imageCoverage: 1), Thresholds).Verdict);
    }
}
