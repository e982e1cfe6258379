using Pipeline.Core.Redaction;

namespace Pipeline.Core.Tests.Redaction;

/// <summary>What a detector matched, as the substrings it covers, so assertions read like the text.</summary>
internal static class Found
{
    public static IReadOnlyList<string> By(ISensitiveDataDetector detector, string text) =>
        detector.Find(text).Select(m => text.Substring(m.Start, m.Length)).ToList();

    public static IReadOnlyList<string> By(string detector, string text) =>
        By(SensitiveDetectors.Create(detector, new DetectorSettings()), text);
}
