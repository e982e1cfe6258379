using Pipeline.Core.Drift;
using Pipeline.Storage.Monitoring;

namespace Pipeline.Host.Dashboard.Trends;

/// <summary>
/// The charts of one job, in the order an operator asks "is it getting worse?": how long, how much, how fast, how
/// late against the freshness SLA, then each drift figure and canary recall against the limit stored with each run.
/// </summary>
public static class TrendCharts
{
    /// <summary>Figures judged against a stored threshold, drawn one chart each; lag and sample sizes are not among them.</summary>
    public static readonly IReadOnlyList<(string Figure, string Title, string Unit)> Judged =
    [
        (RunFigureNames.CentroidShift, "Centroid shift", "1 − cosine to the baseline centroid; at most the threshold"),
        (RunFigureNames.TokenLengthPsi, "Chunk length PSI", "against the baseline; at most the threshold (limit + sampling noise)"),
        (RunFigureNames.SimilarityPsi, "Similarity PSI", "against the baseline; at most the threshold (limit + sampling noise)"),
        (RunFigureNames.OcrShare, "OCR share", "share of pages read by OCR; at most the threshold"),
        (RunFigureNames.QualityRejectRate, "Quality reject rate", "share of read documents quarantined; at most the threshold"),
        (RunFigureNames.CanaryRecall, "Canary recall", "recall@k of the golden queries; at least minCanaryRecall"),
    ];

    public static IReadOnlyList<TrendChart> For(JobTrends job)
    {
        var runs = job.Runs.Select(r => r.RunId).ToList();
        TrendChart Summary(string id, string title, string unit, string series, Func<RunTrendPoint, double?> value) =>
            new(id, title, unit, runs, [new ChartSeries(series, Points(job.Runs, value))], []);

        var sla = job.SlaHours * 3600;
        var charts = new List<TrendChart>
        {
            Summary("duration", "Run duration", "seconds", "seconds", r => r.Seconds),
            Summary("documents", "Documents new or changed", "documents", "documents_changed", r => r.DocumentsChanged),
            Summary("embeddings", "Embeddings computed", "vectors", "embeddings_computed", r => r.EmbeddingsComputed),
            Summary("throughput", "Embedding throughput", "tokens embedded per second of the run", "tokens_per_second", r => r.TokensPerSecond),
            new("lag", "Indexing lag", "seconds from a change in the source to its indexing", runs,
                [
                    new ChartSeries(RunFigureNames.LagMedianSeconds, Points(job.Runs, r => Figure(r, RunFigureNames.LagMedianSeconds)?.Value)),
                    new ChartSeries(RunFigureNames.LagMaxSeconds, Points(job.Runs, r => Figure(r, RunFigureNames.LagMaxSeconds)?.Value)),
                ],
                job.Runs.Select(r => new ChartPoint(r.RunId, sla)).ToList(), $"freshness SLA {job.SlaHours:0.##} h"),
        };
        foreach (var (figure, title, unit) in Judged)
        {
            charts.Add(new TrendChart(figure, title, unit, runs, [new ChartSeries(figure, Points(job.Runs, r => Figure(r, figure)?.Value))],
                // A limit only where the run has a value to judge: the first sync stores PSI limits without a baseline to measure.
                Points(job.Runs, r => Figure(r, figure) is { Value: not null } stored ? stored.Threshold : null),
                figure == RunFigureNames.CanaryRecall ? "minCanaryRecall" : "threshold"));
        }
        return charts;
    }

    private static RunFigure? Figure(RunTrendPoint run, string name) => run.Figures.GetValueOrDefault(name);

    /// <summary>Runs without a value (not measured: no baseline, no pages, no canaries) are left out, not drawn as zero.</summary>
    private static List<ChartPoint> Points(IEnumerable<RunTrendPoint> runs, Func<RunTrendPoint, double?> value) =>
        runs.Select(r => (r.RunId, Value: value(r))).Where(p => p.Value is not null).Select(p => new ChartPoint(p.RunId, p.Value!.Value)).ToList();
}
