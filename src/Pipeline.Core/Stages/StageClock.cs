using System.Diagnostics;

namespace Pipeline.Core.Stages;

/// <summary>The wall time during which a stage was working on at least one document, and how long it was not.</summary>
/// <param name="MostInFlight">Documents in the stage at once, at most.</param>
public sealed record StageTime(string Stage, TimeSpan Busy, int MostInFlight);

/// <summary>
/// Measures, per stage, the wall time during which at least one document was in it. With several documents in flight
/// the stages overlap, so their busy times add up to more than the run took: that difference is the overlap achieved.
/// </summary>
public sealed class StageClock
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Stage> _stages = new(StringComparer.Ordinal);

    public void Enter(string stage)
    {
        lock (_gate)
        {
            if (!_stages.TryGetValue(stage, out var s))
            {
                _stages[stage] = s = new Stage(_stages.Count);
            }
            if (s.InFlight++ == 0)
            {
                s.BusySince = Stopwatch.GetTimestamp();
            }
            s.MostInFlight = Math.Max(s.MostInFlight, s.InFlight);
        }
    }

    public void Leave(string stage)
    {
        lock (_gate)
        {
            var s = _stages[stage];
            if (--s.InFlight == 0)
            {
                s.Busy += Stopwatch.GetElapsedTime(s.BusySince);
            }
        }
    }

    /// <summary>Every stage entered so far, in the order first entered; a stage still busy counts up to now.</summary>
    public IReadOnlyList<StageTime> Times()
    {
        lock (_gate)
        {
            return _stages
                .OrderBy(s => s.Value.Order)
                .Select(s => new StageTime(s.Key, s.Value.Busy + (s.Value.InFlight > 0 ? Stopwatch.GetElapsedTime(s.Value.BusySince) : TimeSpan.Zero), s.Value.MostInFlight))
                .ToList();
        }
    }

    private sealed class Stage(int order)
    {
        public int Order { get; } = order;
        public int InFlight { get; set; }
        public long BusySince { get; set; }
        public TimeSpan Busy { get; set; }
        public int MostInFlight { get; set; }
    }
}
