using System.Collections.Concurrent;
using Pipeline.Host.Ingestion;

namespace Pipeline.Host.Bench;

/// <summary>Remembers how long each document took while passing progress on to the progress line.</summary>
public sealed class DocumentTimes(IProgress<IngestionProgress>? inner) : IProgress<IngestionProgress>
{
    private readonly ConcurrentDictionary<string, TimeSpan> _times = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, TimeSpan> Times => _times;

    public void Report(IngestionProgress value)
    {
        _times[value.CurrentDocument] = value.DocumentElapsed;
        inner?.Report(value);
    }
}
