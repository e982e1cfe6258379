namespace Pipeline.Core.Redaction;

/// <summary>
/// Runs detectors over a text and settles where their matches overlap: the detector earlier in
/// <see cref="DetectorNames.All"/> wins (a password assignment whose value is also high-entropy is a password; a
/// card number inside a secret stays part of the secret), then the longer match. The result is in text order and
/// free of overlaps, ready to be masked from the end backwards.
/// </summary>
public sealed class SensitiveDataScanner(IReadOnlyList<ISensitiveDataDetector> detectors)
{
    public IReadOnlyList<SensitiveMatch> Scan(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var candidates = detectors
            .SelectMany(detector => detector.Find(text))
            .Where(match => match.Length > 0)
            .OrderBy(match => Priority(match.Detector))
            .ThenByDescending(match => match.Length)
            .ThenBy(match => match.Start);
        var kept = new MatchIntervals();
        foreach (var match in candidates)
        {
            kept.AddIfFree(match);
        }
        return kept.InTextOrder();
    }

    // Detectors outside the known list (an integrator's own) rank after every known one.
    private static int Priority(string detector)
    {
        var index = IndexOf(DetectorNames.All, detector);
        return index < 0 ? int.MaxValue : index;
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }
        return -1;
    }
}
