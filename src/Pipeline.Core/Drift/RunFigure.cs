using System.Text.Json.Serialization;

namespace Pipeline.Core.Drift;

/// <summary>One health figure of a run, with the limit it is judged against and whether it crossed it.</summary>
/// <param name="Value">Null when there was nothing to measure (no baseline yet, no pages, no canaries).</param>
/// <param name="Threshold">Null for a figure recorded but not judged (sample sizes, lag).</param>
public sealed record RunFigure(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("value")] double? Value,
    [property: JsonPropertyName("threshold")] double? Threshold,
    [property: JsonPropertyName("crossed")] bool Crossed)
{
    /// <summary>A figure that is bad when high; only judged when <paramref name="judged"/> (enough data to mean something).</summary>
    public static RunFigure AtMost(string name, double? value, double threshold, bool judged = true) =>
        new(name, value, threshold, judged && value > threshold);

    /// <summary>A figure that is bad when low (canary recall).</summary>
    public static RunFigure AtLeast(string name, double? value, double threshold) =>
        new(name, value, threshold, value < threshold);

    public static RunFigure Recorded(string name, double? value) => new(name, value, null, false);
}
