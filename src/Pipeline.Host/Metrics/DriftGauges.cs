using System.Diagnostics.Metrics;

namespace Pipeline.Host.Metrics;

/// <summary>
/// Drift and canary figures for /metrics (issue 6, item 2): the place for them, deliberately empty on this branch.
/// They are computed and stored per run by the monitoring work (migration 0007), which this branch does not have;
/// publishing anything before that table exists would be inventing figures. After merging, add the table's latest
/// row per job to <see cref="OperationalSnapshot"/> (read by the same cached query) and register here, tagged by job:
/// <c>pipeline.drift.centroid_shift</c> (cosine), <c>pipeline.drift.token_length_psi</c>,
/// <c>pipeline.drift.similarity_psi</c>, <c>pipeline.drift.ocr_page_share</c>, <c>pipeline.drift.quality_reject_rate</c>,
/// <c>pipeline.canary.recall</c> (recall@k) and <c>pipeline.index.models</c> (model hashes in the index; above 1 is an alert).
/// </summary>
public static class DriftGauges
{
    public static void Register(Meter meter, OperationalSnapshotCache cache)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(cache);
    }
}
