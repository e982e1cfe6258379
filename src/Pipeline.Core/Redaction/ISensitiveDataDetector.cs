namespace Pipeline.Core.Redaction;

/// <summary>
/// Finds one kind of sensitive value in a text. Implementations validate what a pattern proposes (Luhn, mod-97, known
/// token formats) so that ordinary figures in tables are not taken for card numbers or phone numbers.
/// </summary>
public interface ISensitiveDataDetector
{
    /// <summary>The detector's name as job files write it (<see cref="DetectorNames"/>).</summary>
    string Name { get; }

    /// <summary>The matches in <paramref name="text"/>, in order; they may overlap other detectors' matches.</summary>
    IEnumerable<SensitiveMatch> Find(string text);
}
