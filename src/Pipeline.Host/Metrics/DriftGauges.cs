using System.Diagnostics.Metrics;
using Pipeline.Core.Drift;

namespace Pipeline.Host.Metrics;

/// <summary>
/// Drift, canary and model-mix gauges, from the same cached <see cref="OperationalSnapshot"/> as the other state
/// gauges: per job, the figures of its newest monitored run as stored in <c>pipeline.run_figures</c> (a figure that
/// was not measured, e.g. on a first sync without a baseline, is absent rather than 0); per source, the model hashes
/// its chunks carry (above 1 is an alert: runbooks/mixed-model-index.md).
/// </summary>
public static class DriftGauges
{
    /// <summary>Gauge name (after <c>pipeline.drift.</c>) → stored figure name and description.</summary>
    private static readonly (string Figure, string Description)[] Drift =
    [
        (RunFigureNames.CentroidShift, "1 - cosine between the centroid of the job's newest run's new/changed chunk embeddings and the baseline's."),
        (RunFigureNames.TokenLengthPsi, "PSI of chunk token lengths, newest run against the baseline."),
        (RunFigureNames.SimilarityPsi, "PSI of similarities to the baseline centroid, newest run against the baseline."),
        (RunFigureNames.OcrShare, "Share of the newest run's indexed pages whose text came from OCR."),
        (RunFigureNames.QualityRejectRate, "Share of the newest run's read documents quarantined by a quality rule."),
    ];

    public static void Register(Meter meter, OperationalSnapshotCache cache)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(cache);
        foreach (var (figure, description) in Drift)
        {
            meter.CreateObservableGauge("pipeline.drift." + figure, () => Figure(cache, figure), unit: null, description);
        }
        meter.CreateObservableGauge("pipeline.canary.recall", () => Figure(cache, RunFigureNames.CanaryRecall), unit: null,
            "Share of the job's golden queries that found their document in their top k (recall@k) after its newest monitored run.");
        meter.CreateObservableGauge("pipeline.index.models",
            () => cache.Current() is { } snapshot
                ? snapshot.Index.Models.Select(m => new Measurement<long>(m.Models, new KeyValuePair<string, object?>("source", m.Source))).ToList()
                : [],
            unit: null, "Model hashes among the vectors of the source's active model; above 1 is a mixed-model index.");
    }

    private static List<Measurement<double>> Figure(OperationalSnapshotCache cache, string name) =>
        cache.Current() is { } snapshot
            ? snapshot.Index.Figures.Where(f => f.Name == name).Select(f => new Measurement<double>(f.Value, new KeyValuePair<string, object?>("job", f.Job))).ToList()
            : [];
}
