using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Pipeline.Core.Telemetry;

/// <summary>
/// The product's one <see cref="Meter"/> ("Pipeline") and its event instruments. Counters are per process and
/// start at zero on each start (Prometheus' rate() and increase() handle resets); state read from the database
/// (dead letters outstanding, quarantine, freshness, queues) is published as observable gauges on the same meter
/// by the host.
/// </summary>
public sealed class PipelineMetrics
{
    public const string MeterName = "Pipeline";

    // Embedding calls take from a few milliseconds (one short chunk) to tens of seconds (a large document on 2 cores).
    private static readonly double[] EmbeddingSeconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    // A search embeds one question and runs two indexed queries: milliseconds on a warm index, seconds when cold or contended.
    private static readonly double[] SearchSeconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Counter<long> _documents;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _chunks;
    private readonly Counter<long> _embeddings;
    private readonly Counter<long> _runs;
    private readonly Counter<long> _deadLettersAdded;
    private readonly Counter<long> _deadLettersReplayed;
    private readonly Histogram<double> _embeddingBatch;
    private readonly Counter<long> _redactions;
    private readonly Counter<long> _searchRequests;
    private readonly Histogram<double> _searchDuration;

    public PipelineMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        _documents = Meter.CreateCounter<long>("pipeline.documents.processed", "{document}",
            "Documents handled by runs, by job, source and outcome (new, changed, unchanged, deleted, failed).");
        _failures = Meter.CreateCounter<long>("pipeline.document.failures", "{document}",
            "Documents a run could not index and quarantined, by job, source and reason.");
        _chunks = Meter.CreateCounter<long>("pipeline.chunks.written", "{chunk}", "Chunks stored in the index, by job and source.");
        _embeddings = Meter.CreateCounter<long>("pipeline.embeddings.computed", "{embedding}",
            "Vectors computed by the model (reused vectors excluded), by job and source; rate() gives embeddings per second.");
        _runs = Meter.CreateCounter<long>("pipeline.runs.completed", "{run}", "Runs finished, by job and status (succeeded, failed, cancelled).");
        _deadLettersAdded = Meter.CreateCounter<long>("pipeline.dead_letters.added", "{chunk}",
            "Chunks the model failed on alone after retries, dead-lettered by a run, by job and source.");
        _deadLettersReplayed = Meter.CreateCounter<long>("pipeline.dead_letters.replayed", "{document}",
            "Documents re-ingested by a dead-letter replay, by outcome (resolved, still-failing, deleted, failed, skipped).");
        _embeddingBatch = Meter.CreateHistogram("pipeline.embedding.batch.duration", "s",
            "Seconds per call to the embedding model (the new chunks of one document, or a bisected part of them), by outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = EmbeddingSeconds });
        _redactions = Meter.CreateCounter<long>("pipeline.redactions", "{value}",
            "Sensitive values found at ingest, by job, source, detector and action (mask, drop-chunk, quarantine-document, flag).");
        _searchRequests = Meter.CreateCounter<long>("pipeline.search.requests", "{request}",
            "Requests to the search API, by HTTP status (200 answered, 400/404 bad input, 401/403/429/503 refused before searching).");
        _searchDuration = Meter.CreateHistogram("pipeline.search.duration", "s",
            "Seconds the search API took to answer a valid request (embedding the question and ranking), by mode.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SearchSeconds });
    }

    public Meter Meter { get; }

    /// <summary>The instruments of one run, tagged with its job and source.</summary>
    public RunMetrics ForRun(string job, string source) => new(this, job, source);

    public void DeadLetterReplayed(string outcome) => _deadLettersReplayed.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void EmbeddingBatch(TimeSpan elapsed, bool succeeded) =>
        _embeddingBatch.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", succeeded ? "ok" : "error"));

    public void SearchRequest(int status) =>
        _searchRequests.Add(1, new KeyValuePair<string, object?>("status", status.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public void SearchAnswered(TimeSpan elapsed, string mode)
    {
        SearchRequest(200);
        _searchDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("mode", mode));
    }

    internal void Document(in TagList run, string outcome, long count)
    {
        var tags = run;
        tags.Add("outcome", outcome);
        _documents.Add(count, tags);
    }

    internal void Failure(in TagList run, string reason)
    {
        var tags = run;
        tags.Add("reason", reason);
        _failures.Add(1, tags);
    }

    internal void RunCompleted(string job, string status) =>
        _runs.Add(1, new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("status", status));

    internal void Redacted(in TagList run, string detector, string action)
    {
        var tags = run;
        tags.Add("detector", detector);
        tags.Add("action", action);
        _redactions.Add(1, tags);
    }

    internal void ChunksWritten(in TagList run, long count) => _chunks.Add(count, run);

    internal void EmbeddingsComputed(in TagList run, long count) => _embeddings.Add(count, run);

    internal void DeadLettersAdded(in TagList run, long count) => _deadLettersAdded.Add(count, run);
}
