using Pipeline.Core.Drift;
using Pipeline.Host.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Pipeline.Host.Tests.Monitoring;

/// <summary>Drift figures of real syncs with the real model: a different language crosses, more of the same does not.</summary>
public sealed class DriftFigureTests(ITestOutputHelper output)
{
    private static readonly string[] AllSamples =
        ["getting-started.pdf", "architecture.pdf", "operations/jobs-and-retries.pdf", "operations/incident-response.pdf"];

    [Fact]
    public async Task A_chinese_report_synced_into_the_english_samples_crosses_the_embedding_drift_thresholds()
    {
        await using var job = await MonitoredJob.CreateAsync("drift_cjk", AllSamples);
        var first = await FiguresByNameAsync(job, (await job.SyncAsync()).RunId);
        File.Copy(Corpus.Pdf("cjk-zh-semiannual-report-95p.pdf"), job.Folder.File("cjk-zh-semiannual-report-95p.pdf"));

        var second = await FiguresByNameAsync(job, (await job.SyncAsync()).RunId);

        // The first load has nothing to drift from: figures absent, nothing crossed.
        Assert.Equal(0, first[RunFigureNames.BaselineChunks].Value);
        Assert.Null(first[RunFigureNames.CentroidShift].Value);
        Assert.DoesNotContain(first.Values, f => f.Crossed);
        Assert.Equal(first[RunFigureNames.NewChunks].Value, second[RunFigureNames.BaselineChunks].Value);
        Assert.True(second[RunFigureNames.NewChunks].Value >= 10);
        Assert.True(second[RunFigureNames.CentroidShift].Crossed, Describe(second));
        Assert.True(second[RunFigureNames.SimilarityPsi].Crossed, Describe(second));
        Assert.Equal(0, second[RunFigureNames.OcrShare].Value);
        Assert.False(second[RunFigureNames.OcrShare].Crossed);
    }

    [Fact]
    public async Task The_even_pages_of_a_manual_synced_after_its_odd_pages_stay_within_the_drift_thresholds()
    {
        await using var job = await MonitoredJob.CreateAsync("drift_same", []);
        using var later = new TempFolder();
        await HalvedPdf.WriteAsync(Corpus.Pdf("usgs-nwql-voc-methods-86p.pdf"), 86, job.Folder.File("methods-odd-pages.pdf"), later.File("even.pdf"));
        await job.SyncAsync();
        File.Move(later.File("even.pdf"), job.Folder.File("methods-even-pages.pdf"));

        var figures = await FiguresByNameAsync(job, (await job.SyncAsync()).RunId);

        Assert.True(figures[RunFigureNames.NewChunks].Value >= new DriftOptions().MinChunks, Describe(figures));
        Assert.True(figures[RunFigureNames.BaselineChunks].Value >= new DriftOptions().MinChunks, Describe(figures));
        Assert.NotNull(figures[RunFigureNames.CentroidShift].Value);
        Assert.NotNull(figures[RunFigureNames.SimilarityPsi].Value);
        Assert.DoesNotContain(figures.Values, f => f.Crossed);
    }

    private async Task<Dictionary<string, RunFigure>> FiguresByNameAsync(MonitoredJob job, long runId)
    {
        var figures = (await job.FiguresAsync(runId)).ToDictionary(f => f.Name);
        output.WriteLine($"run {runId}: {Describe(figures)}");
        return figures;
    }

    private static string Describe(Dictionary<string, RunFigure> figures) =>
        string.Join(", ", figures.Values.Select(f => $"{f.Name}={f.Value?.ToString("0.####") ?? "-"}{(f.Crossed ? "!" : "")}"));
}
