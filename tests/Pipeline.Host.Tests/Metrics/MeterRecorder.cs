using System.Diagnostics.Metrics;

namespace Pipeline.Host.Tests.Metrics;

/// <summary>
/// Records what one <see cref="Meter"/> instance measures. Other tests' meters share its name in this process, so
/// instruments are matched by their meter instance, not by name.
/// </summary>
public sealed class MeterRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private readonly List<(string Instrument, Dictionary<string, string?> Tags, long Value)> _measurements = [];

    public MeterRecorder(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value?.ToString();
            }
            lock (_lock)
            {
                _measurements.Add((instrument.Name, copy, value));
            }
        });
        _listener.Start();
    }

    /// <summary>The sum of the measurements of <paramref name="instrument"/> carrying these tags.</summary>
    public long Sum(string instrument, params (string Name, string Value)[] tags)
    {
        lock (_lock)
        {
            return _measurements
                .Where(m => m.Instrument == instrument && tags.All(t => m.Tags.TryGetValue(t.Name, out var v) && v == t.Value))
                .Sum(m => m.Value);
        }
    }

    public void Dispose() => _listener.Dispose();
}
