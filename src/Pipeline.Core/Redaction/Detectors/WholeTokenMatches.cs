using System.Text.RegularExpressions;

namespace Pipeline.Core.Redaction.Detectors;

/// <summary>
/// What the fixed-format token detectors share: a pattern specific enough to need no further check, matched only
/// as a whole token (a letter or digit on either side means the candidate is a slice of a longer string).
/// </summary>
internal static class WholeTokenMatches
{
    public static IEnumerable<SensitiveMatch> Find(string detector, Regex pattern, string text)
    {
        foreach (Match match in pattern.Matches(text))
        {
            if (!TextEdges.IsAsciiLetterOrDigit(TextEdges.Before(text, match.Index))
                && !TextEdges.IsAsciiLetterOrDigit(TextEdges.After(text, match.Index + match.Length)))
            {
                yield return new SensitiveMatch(detector, match.Index, match.Length);
            }
        }
    }
}
