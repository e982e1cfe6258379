namespace Pipeline.Host.Tests.Metrics;

public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value, long? Timestamp)
{
    public bool Has(params (string Name, string Value)[] labels) =>
        labels.All(l => Labels.TryGetValue(l.Name, out var v) && v == l.Value);
}

/// <param name="Type">counter, gauge, histogram, summary or untyped.</param>
public sealed record PrometheusFamily(string Name, string Type, string? Help, IReadOnlyList<PrometheusSample> Samples);

/// <summary>A parsed scrape: families by name, and look-ups that fail loudly when a series is missing or ambiguous.</summary>
public sealed class PrometheusExposition(IReadOnlyDictionary<string, PrometheusFamily> families)
{
    public IReadOnlyDictionary<string, PrometheusFamily> Families { get; } = families;

    public IEnumerable<PrometheusSample> Samples(string name) =>
        Families.Values.SelectMany(f => f.Samples).Where(s => s.Name == name);

    /// <summary>The value of the one sample with this name carrying these labels (others may carry more).</summary>
    public double Value(string name, params (string Name, string Value)[] labels)
    {
        var matches = Samples(name).Where(s => s.Has(labels)).ToList();
        return matches.Count switch
        {
            1 => matches[0].Value,
            0 => throw new KeyNotFoundException($"no sample {name} with {Describe(labels)}; samples of that name: {string.Join("; ", Samples(name).Select(s => Describe(s.Labels)))}"),
            _ => throw new InvalidOperationException($"{matches.Count} samples {name} with {Describe(labels)}"),
        };
    }

    /// <summary>The value, or null when no sample with this name carries these labels.</summary>
    public double? Find(string name, params (string Name, string Value)[] labels) =>
        Samples(name).Where(s => s.Has(labels)).Select(s => (double?)s.Value).SingleOrDefault();

    private static string Describe(IEnumerable<(string Name, string Value)> labels) => "{" + string.Join(",", labels.Select(l => $"{l.Name}=\"{l.Value}\"")) + "}";

    private static string Describe(IReadOnlyDictionary<string, string> labels) => Describe(labels.Select(l => (l.Key, l.Value)));
}
