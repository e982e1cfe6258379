using Pipeline.Extraction.Ocr;

namespace Pipeline.Extraction.Tests.Ocr;

public sealed class OcrOptionsTests
{
    [Fact]
    public void Defaults_are_valid()
    {
        var options = new OcrOptions();

        options.Validate();
        Assert.Equal(300, options.Dpi);
        Assert.Equal("eng", options.Languages);
        Assert.Equal(TimeSpan.FromSeconds(60), options.PageTimeout);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var options = new OcrOptions
        {
            Languages = "eng deu",
            Dpi = 1200,
            MaxParallelism = 0,
            PageTimeout = TimeSpan.Zero,
            TextLayer = new TextLayerThresholds { MaxNonWordShare = 1.5 },
        };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("Languages 'eng deu'", error.Message);
        Assert.Contains("Dpi 1200 must be between 72 and 600", error.Message);
        Assert.Contains("MaxParallelism 0", error.Message);
        Assert.Contains("PageTimeout", error.Message);
        Assert.Contains("MaxNonWordShare 1.5", error.Message);
    }

    [Theory]
    [InlineData("eng")]
    [InlineData("eng+deu")]
    [InlineData("chi_sim+eng")]
    public void Language_lists_joined_by_plus_are_valid(string languages)
    {
        new OcrOptions { Languages = languages }.Validate();
    }

    [Fact]
    public void Huge_pages_are_rendered_below_the_configured_resolution()
    {
        Assert.Equal(300, PageRenderer.DpiFor(300, 612, 792));
        Assert.InRange(PageRenderer.DpiFor(300, 72 * 100, 72 * 100), OcrOptions.MinDpi, 100); // a 100 x 100 inch poster
    }
}
