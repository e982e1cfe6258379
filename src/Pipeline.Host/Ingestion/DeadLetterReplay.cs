using Pipeline.Core.Telemetry;
using Pipeline.Host.Jobs;
using Pipeline.Storage.DeadLetters;

namespace Pipeline.Host.Ingestion;

/// <summary>
/// Re-ingests the documents that have dead letters, one document run each: the embed stage retries their
/// failed chunks, and rows whose chunk is now indexed (or gone) leave the table. Replaying again, or replaying
/// rows that are already gone, changes nothing.
/// </summary>
public sealed class DeadLetterReplay(DeadLetterStore store, JobCatalog catalog, JobIngestion jobs, PipelineMetrics metrics)
{
    public const string Trigger = "replay";

    /// <param name="id">The document of this row, or every document with dead letters when null.</param>
    public async Task<IReadOnlyList<ReplayedDocument>> ReplayAsync(long? id, CancellationToken cancellationToken)
    {
        var rows = await store.ListAsync(id, cancellationToken);
        var replayed = new List<ReplayedDocument>();
        foreach (var document in rows.GroupBy(r => (r.Job, r.Source, r.Document)).OrderBy(g => g.Key))
        {
            var (job, source, externalId) = document.Key;
            if (!catalog.Jobs.Any(j => j.Name == job))
            {
                // Ad-hoc runs keep no definition to rebuild their source from (folder options, passwords, queries).
                replayed.Add(new ReplayedDocument(job, source, externalId, "skipped", null, document.Count(),
                    "not from a job in jobs/: re-run the ./pipeline ingest command that found it; the document is marked for retry"));
                continue;
            }
            var summary = await jobs.RunOneAsync(job, externalId, Trigger, cancellationToken);
            var gone = await store.DeleteIfDocumentGoneAsync(source, externalId, cancellationToken);
            var open = await store.CountAsync(source, externalId, cancellationToken);
            var (outcome, message) = (gone, open, summary.Failures.Count) switch
            {
                ( > 0, _, _) => ("deleted", "the source no longer has the document"),
                (_, _, > 0) => ("failed", $"{summary.Failures[0].Reason}: {summary.Failures[0].Message}"),
                (_, 0, _) => ("resolved", (string?)null),
                _ => ("still-failing", "the model still fails on these chunks; see the error in deadletters list"),
            };
            replayed.Add(new ReplayedDocument(job, source, externalId, outcome, summary.RunId, open, message));
        }
        foreach (var document in replayed)
        {
            metrics.DeadLetterReplayed(document.Outcome);
        }
        return replayed;
    }
}
