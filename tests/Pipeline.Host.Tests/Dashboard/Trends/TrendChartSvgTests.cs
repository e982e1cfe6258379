using System.Globalization;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Pipeline.Host.Dashboard.Trends;

namespace Pipeline.Host.Tests.Dashboard.Trends;

/// <summary>The SVG renderer alone: where points land, how limits are drawn, what an empty chart says, and encoding.</summary>
public sealed class TrendChartSvgTests
{
    private const double Bottom = TrendChartSvg.Height - TrendChartSvg.Bottom;
    private const double RightEdge = TrendChartSvg.Width - TrendChartSvg.Right;

    private static IDocument Parse(TrendChart chart) => new HtmlParser().ParseDocument(TrendChartSvg.Render(chart));

    private static double Attr(IElement element, string name) => double.Parse(element.GetAttribute(name)!, CultureInfo.InvariantCulture);

    [Fact]
    public void Points_are_spaced_by_run_and_scaled_from_zero_at_the_axis_to_the_highest_value_at_the_top()
    {
        var chart = new TrendChart("duration", "Run duration", "seconds", [7, 8, 9],
            [new ChartSeries("seconds", [new(7, 0), new(8, 5), new(9, 10)])], []);

        var circles = Parse(chart).QuerySelectorAll("circle[data-series=seconds]");

        Assert.Equal(["7", "8", "9"], circles.Select(c => c.GetAttribute("data-run")));
        Assert.Equal([0.0, 5, 10], circles.Select(c => Attr(c, "data-value")));
        Assert.Equal([TrendChartSvg.Left, (TrendChartSvg.Left + RightEdge) / 2, RightEdge], circles.Select(c => Attr(c, "cx")));
        Assert.Equal([Bottom, (TrendChartSvg.Top + Bottom) / 2, TrendChartSvg.Top], circles.Select(c => Attr(c, "cy")));
    }

    [Fact]
    public void Data_value_carries_the_stored_value_exactly_and_labels_show_the_range()
    {
        var value = 0.1 + 0.2;
        var document = Parse(new TrendChart("ocr_share", "OCR share", "share", [1, 2], [new ChartSeries("ocr_share", [new(1, value), new(2, 1234.4)])], []));

        Assert.Equal(value, Attr(document.QuerySelector("circle[data-run='1']")!, "data-value"));
        Assert.Equal("1,234", document.QuerySelector("text.y-max")!.TextContent);
        Assert.Equal("0", document.QuerySelector("text.y-min")!.TextContent);
        Assert.Equal(["run #1", "run #2"], document.QuerySelectorAll("text.x-first, text.x-last").Select(t => t.TextContent));
    }

    [Fact]
    public void A_run_without_a_value_is_a_gap_not_a_zero()
    {
        var document = Parse(new TrendChart("lag", "Lag", "s", [1, 2, 3], [new ChartSeries("lag_max_seconds", [new(1, 4), new(3, 8)])], []));

        Assert.Equal(["1", "3"], document.QuerySelectorAll("circle").Select(c => c.GetAttribute("data-run")));
        Assert.Equal(RightEdge, Attr(document.QuerySelector("circle[data-run='3']")!, "cx"));
    }

    [Fact]
    public void A_constant_threshold_is_one_line_across_the_plot_even_above_every_point()
    {
        var chart = new TrendChart("centroid_shift", "Centroid shift", "", [1, 2, 3], [new ChartSeries("centroid_shift", [new(1, 0.05), new(2, 0.1), new(3, 0.08)])],
            [new(1, 0.2), new(2, 0.2), new(3, 0.2)]);

        var line = Assert.Single(Parse(chart).QuerySelectorAll("line.threshold"));

        Assert.Equal(0.2, Attr(line, "data-threshold"));
        Assert.Equal((TrendChartSvg.Left, RightEdge), (Attr(line, "x1"), Attr(line, "x2")));
        // The limit is the highest value drawn, so it is the top of the plot; the points sit below it.
        Assert.Equal((TrendChartSvg.Top, TrendChartSvg.Top), (Attr(line, "y1"), Attr(line, "y2")));
    }

    [Fact]
    public void A_changing_threshold_draws_one_step_per_stretch_changing_halfway_between_runs()
    {
        var chart = new TrendChart("token_length_psi", "PSI", "", [1, 2, 3], [new ChartSeries("token_length_psi", [new(1, 0.1), new(2, 0.1), new(3, 0.1)])],
            [new(1, 0.3), new(2, 0.3), new(3, 0.6)]);

        var lines = Parse(chart).QuerySelectorAll("line.threshold");

        Assert.Equal([0.3, 0.6], lines.Select(l => Attr(l, "data-threshold")));
        var halfway = (TrendChartSvg.Left + RightEdge) / 2 + (RightEdge - TrendChartSvg.Left) / 4;
        Assert.Equal((TrendChartSvg.Left, halfway), (Attr(lines[0], "x1"), Attr(lines[0], "x2")));
        Assert.Equal((halfway, RightEdge), (Attr(lines[1], "x1"), Attr(lines[1], "x2")));
        Assert.True(Attr(lines[1], "y1") < Attr(lines[0], "y1"), "the higher limit is drawn higher");
    }

    [Fact]
    public void A_chart_without_points_says_so_and_draws_no_svg()
    {
        var html = TrendChartSvg.Render(new TrendChart("canary_recall", "Canary recall", "", [1, 2], [new ChartSeries("canary_recall", [])], [new(1, 1)]));

        Assert.Contains(TrendChartSvg.NoPoints, html);
        Assert.DoesNotContain("<svg", html);
    }

    [Fact]
    public void Names_and_titles_are_text_never_markup()
    {
        const string hostile = "<script>alert('x')</script>&\"";
        var document = Parse(new TrendChart(hostile, hostile, hostile, [1], [new ChartSeries(hostile, [new(1, 2)])], [new(1, 3)], hostile));

        Assert.Empty(document.QuerySelectorAll("script"));
        Assert.Equal(hostile, document.QuerySelector("circle")!.GetAttribute("data-series"));
        Assert.Equal(hostile, document.QuerySelector("figure")!.GetAttribute("data-chart"));
        Assert.Contains(hostile, document.QuerySelector("figcaption")!.TextContent);
        Assert.StartsWith(hostile, document.QuerySelector("line.threshold title")!.TextContent);
    }

    [Theory]
    [InlineData(null, 30)]
    [InlineData("", 30)]
    [InlineData("abc", 30)]
    [InlineData("12.5", 30)]
    [InlineData("1", 2)]
    [InlineData("-4", 2)]
    [InlineData("100", 100)]
    [InlineData("100000", 500)]
    public void The_runs_window_is_brought_into_2_to_500_and_a_non_number_gets_the_default(string? query, int expected) =>
        Assert.Equal(expected, TrendsQuery.Window(query));
}
