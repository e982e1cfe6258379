using System.Diagnostics;

namespace Pipeline.Core.Telemetry;

/// <summary>The product meter's instruments bound to one run's job and source, so callers count without repeating tags.</summary>
public sealed class RunMetrics
{
    private readonly PipelineMetrics _metrics;
    private readonly TagList _tags;
    private readonly string _job;

    internal RunMetrics(PipelineMetrics metrics, string job, string source)
    {
        _metrics = metrics;
        _job = job;
        _tags = new TagList { { "job", job }, { "source", source } };
    }

    /// <param name="outcome">One of <see cref="DocumentOutcomes"/>.</param>
    public void Documents(string outcome, long count = 1)
    {
        if (count > 0)
        {
            _metrics.Document(_tags, outcome, count);
        }
    }

    /// <param name="reason">The quarantine reason: a short code such as <c>unreadable</c> or <c>quality:empty-text</c>.</param>
    public void Failed(string reason) => _metrics.Failure(_tags, reason);

    /// <summary>One sensitive value found by <paramref name="detector"/> and handled by <paramref name="action"/>.</summary>
    public void Redacted(string detector, string action) => _metrics.Redacted(_tags, detector, action);

    public void ChunksWritten(long count) => _metrics.ChunksWritten(_tags, count);

    public void EmbeddingsComputed(long count) => _metrics.EmbeddingsComputed(_tags, count);

    public void DeadLettersAdded(long count) => _metrics.DeadLettersAdded(_tags, count);

    /// <param name="status"><c>succeeded</c>, <c>failed</c> or <c>cancelled</c>.</param>
    public void Completed(string status) => _metrics.RunCompleted(_job, status);
}
