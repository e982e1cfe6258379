using System.Globalization;
using AngleSharp.Html.Parser;
using Pipeline.Core.Drift;
using Pipeline.Host.Dashboard;
using Pipeline.Host.Dashboard.Trends;
using Pipeline.Storage.Monitoring;

namespace Pipeline.Host.Tests.Dashboard.Trends;

/// <summary>The Trends page from run data: which chart draws what, against which limit.</summary>
public sealed class TrendsPageHtmlTests
{
    private static readonly DashboardLinks Links = new("/hangfire");
    private static readonly DateTimeOffset At = new(2026, 11, 25, 2, 0, 0, TimeSpan.Zero);

    private static RunTrendPoint Run(long id, double seconds, long tokens, params RunFigure[] figures) =>
        new(id, At.AddDays(id), seconds, 3, 10, tokens, figures.ToDictionary(f => f.Name));

    [Fact]
    public void Lag_is_drawn_against_the_freshness_sla_in_seconds_and_judged_figures_against_the_threshold_stored_with_each_run()
    {
        var job = new JobTrends("nightly", 26, [
            Run(1, 4, 400, RunFigure.Recorded(RunFigureNames.LagMedianSeconds, 60), RunFigure.Recorded(RunFigureNames.LagMaxSeconds, 600),
                RunFigure.AtLeast(RunFigureNames.CanaryRecall, 1, 1), RunFigure.AtMost(RunFigureNames.TokenLengthPsi, 0.4, 0.31),
                new RunFigure(RunFigureNames.SimilarityPsi, null, 0.3, false)),
            Run(2, 0, 0, RunFigure.AtLeast(RunFigureNames.CanaryRecall, 0.5, 0.8), RunFigure.AtMost(RunFigureNames.TokenLengthPsi, 0.2, 0.27),
                RunFigure.AtMost(RunFigureNames.SimilarityPsi, 0.1, 0.28)),
        ]);
        var document = new HtmlParser().ParseDocument(TrendsPageHtml.Render([job], 30, Links));
        var section = document.QuerySelector("section[data-job=nightly]")!;
        string[] Values(string chart, string attribute = "data-value") =>
            section.QuerySelectorAll($"figure[data-chart={chart}] circle, figure[data-chart={chart}] line.threshold")
                .Select(e => e.GetAttribute(attribute)).Where(v => v is not null).Select(v => v!).ToArray();

        Assert.Equal(["60", "600"], Values("lag"));
        Assert.Equal([(26 * 3600).ToString(CultureInfo.InvariantCulture)], Values("lag", "data-threshold"));
        Assert.Equal(["1", "0.5"], Values(RunFigureNames.CanaryRecall));
        Assert.Equal(["1", "0.8"], Values(RunFigureNames.CanaryRecall, "data-threshold"));
        Assert.Equal(["0.31", "0.27"], Values(RunFigureNames.TokenLengthPsi, "data-threshold"));
        // The first sync stores a PSI limit with no baseline to measure against: no point, so no limit drawn there either.
        Assert.Equal(["0.1"], Values(RunFigureNames.SimilarityPsi));
        Assert.Equal(["0.28"], Values(RunFigureNames.SimilarityPsi, "data-threshold"));
        // Tokens per second of a run that took no time is not a number to draw.
        Assert.Equal(["100"], Values("throughput"));
        Assert.Equal(["3", "3"], Values("documents"));
        // A figure no run measured says so rather than drawing an empty plot.
        Assert.Contains(TrendChartSvg.NoPoints, section.QuerySelector($"figure[data-chart={RunFigureNames.OcrShare}]")!.TextContent);
    }

    [Fact]
    public void A_job_without_succeeded_syncs_says_when_its_trends_start_and_the_window_links_keep_the_job()
    {
        var html = TrendsPageHtml.Render([new JobTrends("new job", 26, [])], 100, Links, "new job");
        var document = new HtmlParser().ParseDocument(html);

        Assert.Contains(TrendsPageHtml.NoRunsYet, document.QuerySelector("section[data-job='new job']")!.TextContent);
        Assert.Empty(document.QuerySelectorAll("svg"));
        Assert.Equal(["/hangfire/pipeline/trends/new%20job?runs=30", "/hangfire/pipeline/trends/new%20job?runs=500"],
            document.QuerySelectorAll("#pipeline-trends-window a").Select(a => a.GetAttribute("href")));
    }
}
