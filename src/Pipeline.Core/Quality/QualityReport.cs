using Pipeline.Core.Chunking;

namespace Pipeline.Core.Quality;

/// <summary>
/// Collects one run's findings from documents processed in parallel: counts and examples for the run summary,
/// and the findings to store (every rejection; warnings up to the cap, so one noisy rule cannot flood the table).
/// </summary>
public sealed class QualityReport(int maxStoredWarnings = 1000)
{
    public const int ExamplesPerRule = 3;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, RuleTally> _rules = new(StringComparer.Ordinal);
    private readonly List<QualityFinding> _toStore = [];
    private int _documentsRejected;
    private int _chunksRejected;
    private int _warnings;
    private int _warningsNotStored;

    /// <param name="inspectedChunks">The chunks the verdict was about, to count the ones it dropped.</param>
    public void Record(QualityVerdict verdict, IReadOnlyList<Chunk> inspectedChunks)
    {
        lock (_lock)
        {
            foreach (var finding in verdict.Findings)
            {
                Count(finding);
            }
            if (verdict.Rejection is not null)
            {
                _documentsRejected++;
            }
            else
            {
                _chunksRejected += inspectedChunks.Count - verdict.KeptChunks.Count;
            }
        }
    }

    /// <summary>Findings not yet stored; each is handed out once.</summary>
    public IReadOnlyList<QualityFinding> TakeFindingsToStore()
    {
        lock (_lock)
        {
            var taken = _toStore.ToList();
            _toStore.Clear();
            return taken;
        }
    }

    public QualitySummary Summarise()
    {
        lock (_lock)
        {
            return new QualitySummary
            {
                Rules = _rules.OrderBy(r => r.Key, StringComparer.Ordinal).ToDictionary(
                    r => r.Key, r => new QualityRuleSummary(r.Value.Severity, r.Value.Count, r.Value.Examples.ToList()), StringComparer.Ordinal),
                DocumentsRejected = _documentsRejected,
                ChunksRejected = _chunksRejected,
                Warnings = _warnings,
                WarningsNotStored = _warningsNotStored,
            };
        }
    }

    private void Count(QualityFinding finding)
    {
        if (!_rules.TryGetValue(finding.Rule, out var tally))
        {
            _rules[finding.Rule] = tally = new RuleTally(finding.Severity);
        }
        tally.Count++;
        if (tally.Examples.Count < ExamplesPerRule)
        {
            tally.Examples.Add(new QualityExample(finding.ExternalId, finding.ChunkOrdinal, finding.Message));
        }
        if (finding.Severity == QualitySeverity.Reject)
        {
            _toStore.Add(finding);
            return;
        }
        _warnings++;
        if (_warnings <= maxStoredWarnings)
        {
            _toStore.Add(finding);
        }
        else
        {
            _warningsNotStored++;
        }
    }

    private sealed class RuleTally(QualitySeverity severity)
    {
        public QualitySeverity Severity { get; } = severity;

        public int Count { get; set; }

        public List<QualityExample> Examples { get; } = [];
    }
}
