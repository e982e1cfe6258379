using System.Collections.Concurrent;

namespace Pipeline.Core.Redaction;

/// <summary>
/// What redaction found in one run, shared by the documents in flight: counts per detector and action (always exact)
/// and the findings to store, bounded so a source full of e-mail addresses cannot flood the findings table.
/// </summary>
public sealed class RedactionReport(int maxStoredFindings = RedactionReport.DefaultMaxStoredFindings)
{
    public const int DefaultMaxStoredFindings = 10_000;

    private readonly ConcurrentDictionary<(string Detector, RedactionAction Action), int> _counts = new();
    private readonly ConcurrentQueue<RedactionFinding> _toStore = new();
    private int _stored;
    private int _notStored;
    private int _chunksDropped;
    private int _documentsQuarantined;

    /// <summary>Called for each finding as it is made; <paramref name="onCounted"/> sees each (detector, action) once per finding.</summary>
    public void Record(IReadOnlyList<RedactionFinding> findings, bool quarantined, Action<string, RedactionAction>? onCounted = null)
    {
        foreach (var finding in findings)
        {
            _counts.AddOrUpdate((finding.Detector, finding.Action), 1, (_, n) => n + 1);
            onCounted?.Invoke(finding.Detector, finding.Action);
            if (Interlocked.Increment(ref _stored) <= maxStoredFindings)
            {
                _toStore.Enqueue(finding);
            }
            else
            {
                Interlocked.Increment(ref _notStored);
            }
        }
        if (quarantined)
        {
            Interlocked.Increment(ref _documentsQuarantined);
        }
    }

    public void CountDroppedChunks(int chunks) => Interlocked.Add(ref _chunksDropped, chunks);

    /// <summary>The findings to write at the end of the run (each once).</summary>
    public IReadOnlyList<RedactionFinding> TakeFindingsToStore()
    {
        var taken = new List<RedactionFinding>();
        while (_toStore.TryDequeue(out var finding))
        {
            taken.Add(finding);
        }
        return taken;
    }

    public RedactionSummary Summarise()
    {
        var counts = _counts.ToArray();
        return new RedactionSummary
        {
            Detectors = counts.GroupBy(c => c.Key.Detector).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(c => c.Value)),
            Actions = counts.GroupBy(c => c.Key.Action.Name()).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(c => c.Value)),
            Secrets = counts.Where(c => DetectorNames.IsSecret(c.Key.Detector)).Sum(c => c.Value),
            ChunksDropped = Volatile.Read(ref _chunksDropped),
            DocumentsQuarantined = Volatile.Read(ref _documentsQuarantined),
            FindingsNotStored = Volatile.Read(ref _notStored),
        };
    }
}
