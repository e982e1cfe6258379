namespace Pipeline.Host.Tests.Metrics;

/// <summary>Each series of a histogram: buckets with rising bounds and non-decreasing counts up to +Inf, which equals _count; _sum present.</summary>
public static class PrometheusHistogramCheck
{
    public static void Check(string name, IReadOnlyList<PrometheusSample> samples)
    {
        static string Key(PrometheusSample s) => string.Join(",", s.Labels.Where(l => l.Key != "le").OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
        foreach (var group in samples.GroupBy(Key))
        {
            var buckets = group.Where(s => s.Name == name + "_bucket").ToList();
            var count = group.SingleOrDefault(s => s.Name == name + "_count")
                ?? throw new FormatException($"histogram {name}{{{group.Key}}} has no _count");
            _ = group.SingleOrDefault(s => s.Name == name + "_sum") ?? throw new FormatException($"histogram {name}{{{group.Key}}} has no _sum");
            var previousBound = double.NegativeInfinity;
            var previousCount = 0d;
            foreach (var bucket in buckets)
            {
                var bound = bucket.Labels.TryGetValue("le", out var le) ? PrometheusText.ParseValue(le) : throw new FormatException($"bucket of {name} without le");
                if (!(bound > previousBound))
                {
                    throw new FormatException($"histogram {name}{{{group.Key}}}: bucket le={le} is not above the previous one");
                }
                if (bucket.Value < previousCount)
                {
                    throw new FormatException($"histogram {name}{{{group.Key}}}: bucket le={le} counts fewer than the previous one");
                }
                (previousBound, previousCount) = (bound, bucket.Value);
            }
            if (!double.IsPositiveInfinity(previousBound))
            {
                throw new FormatException($"histogram {name}{{{group.Key}}} has no +Inf bucket");
            }
            if (previousCount != count.Value)
            {
                throw new FormatException($"histogram {name}{{{group.Key}}}: +Inf bucket {previousCount} differs from _count {count.Value}");
            }
        }
    }
}
