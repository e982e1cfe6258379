using Pipeline.Core.Quality;
using Pipeline.Core.Runs;
using Pipeline.Core.Stages;
using Pipeline.Core.Telemetry;

namespace Pipeline.Host.Ingestion;

/// <summary>The counts of one run, safe to update from documents processed in parallel.</summary>
/// <param name="metrics">The product meter's instruments for this run; every count here is also counted there.</param>
public sealed class RunTally(RunMetrics? metrics = null)
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<DocumentFailure> _failures = [];
    private int _new;
    private int _changed;
    private int _unchanged;
    private int _deadLetters;
    private int _deleted;
    private int _reprocessed;

    public RunCounters Counters { get; } = new(metrics);

    /// <summary>The run's instruments, for stages that count by more than job and source (redaction).</summary>
    public RunMetrics? Metrics => metrics;

    /// <summary>The run's redaction counts and findings; the redact stages record into it.</summary>
    public Core.Redaction.RedactionReport Redaction { get; } = new();

    /// <summary>The run's quality findings; the validate stage records into it.</summary>
    public QualityReport Quality { get; init; } = new();

    public int Deleted
    {
        get => _deleted;
        set
        {
            _deleted = value;
            metrics?.Documents(DocumentOutcomes.Deleted, value);
        }
    }

    /// <summary>Documents a full listing did not name that were not deleted (found by a lookup, or not looked up).</summary>
    public int VanishedKept { get; set; }

    private int _accessLost;

    /// <summary>Documents hidden in this run because the service account lost access to them.</summary>
    public int AccessLost => Volatile.Read(ref _accessLost);

    public void CountAccessLost(int documents)
    {
        Interlocked.Add(ref _accessLost, documents);
        metrics?.Documents(DocumentOutcomes.AccessLost, documents);
    }

    /// <summary>Hidden documents restored (their access came back).</summary>
    public int AccessRestored { get; set; }

    /// <summary>Hidden documents purged after the grace period.</summary>
    public int AccessPurged { get; set; }

    /// <summary>Newest source update time among listed documents.</summary>
    public DateTimeOffset? NewestUpdate { get; private set; }

    /// <returns>False when the id was listed before in this run.</returns>
    public bool Seen(string externalId, DateTimeOffset? updatedAt)
    {
        lock (_lock)
        {
            if (updatedAt is { } at && (NewestUpdate is null || at > NewestUpdate))
            {
                NewestUpdate = at;
            }
            return _seen.Add(externalId);
        }
    }

    public bool WasSeen(string externalId)
    {
        lock (_lock)
        {
            return _seen.Contains(externalId);
        }
    }

    public void Fail(DocumentFailure failure)
    {
        lock (_lock)
        {
            _failures.Add(failure);
        }
        metrics?.Failed(failure.Reason);
    }

    /// <summary>Chunks dead-lettered in this run.</summary>
    public void AddDeadLetters(int chunks)
    {
        Interlocked.Add(ref _deadLetters, chunks);
        metrics?.DeadLettersAdded(chunks);
    }

    /// <summary>A document read again with its source version unchanged, because the pipeline fingerprint changed or a reprocess was asked for.</summary>
    public void CountReprocessed() => Interlocked.Increment(ref _reprocessed);

    public void Count(DocumentResult result)
    {
        lock (_lock)
        {
            switch (result)
            {
                case DocumentResult.New: _new++; break;
                case DocumentResult.Changed: _changed++; break;
                case DocumentResult.Unchanged: _unchanged++; break;
            }
        }
        metrics?.Documents(result switch
        {
            DocumentResult.New => DocumentOutcomes.New,
            DocumentResult.Changed => DocumentOutcomes.Changed,
            DocumentResult.Unchanged => DocumentOutcomes.Unchanged,
            _ => DocumentOutcomes.Failed,
        });
    }

    public IngestionProgress Progress(string document, TimeSpan elapsed, TimeSpan documentElapsed)
    {
        lock (_lock)
        {
            return new IngestionProgress(_seen.Count, _new + _changed, _unchanged, _failures.Count, Counters.EmbeddingsComputed, document, elapsed, documentElapsed);
        }
    }

    public RunSummary Summarise(long runId, string job, string source, string mode, TimeSpan elapsed)
    {
        lock (_lock)
        {
            return new RunSummary
            {
                RunId = runId,
                Job = job,
                Source = source,
                Mode = mode,
                Documents = new DocumentCounts
                {
                    Seen = _seen.Count, New = _new, Changed = _changed, Unchanged = _unchanged, Deleted = Deleted, Failed = _failures.Count,
                    VanishedKept = VanishedKept, AccessLost = AccessLost, AccessRestored = AccessRestored, AccessPurged = AccessPurged, Reprocessed = Volatile.Read(ref _reprocessed),
                },
                ChunksWritten = Counters.ChunksWritten,
                EmbeddingsComputed = Counters.EmbeddingsComputed,
                EmbeddingsReused = Counters.EmbeddingsReused,
                TokensEmbedded = Counters.TokensEmbedded,
                PaddingTokens = Counters.PaddingTokens,
                ModelBatches = Counters.ModelBatches,
                PrefixTokens = Counters.PrefixTokens,
                OverlapTokens = Counters.OverlapTokens,
                Truncated = Counters.Truncated,
                DeadLetters = Volatile.Read(ref _deadLetters),
                Pages = Counters.Pages,
                OcrPages = Counters.OcrPages,
                Seconds = Math.Round(elapsed.TotalSeconds, 3),
                Failures = _failures.OrderBy(f => f.Document, StringComparer.Ordinal).ToList(),
                Quality = Quality.Summarise(),
                Redaction = Redaction.Summarise(),
            };
        }
    }
}
