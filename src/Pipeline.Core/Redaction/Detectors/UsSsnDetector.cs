using System.Text.RegularExpressions;

namespace Pipeline.Core.Redaction.Detectors;

/// <summary>
/// US Social Security numbers written <c>AAA-GG-SSSS</c> or <c>AAA GG SSSS</c>, one separator throughout. Nine bare
/// digits count only right after a keyword (SSN, social security): bare nine-digit figures fill tables, ZIP+4 codes
/// and reference numbers. Numbers the SSA never issues are not SSNs: area 000, 666 or 900–999, group 00, serial 0000,
/// and the two numbers printed in advertising (078-05-1120, 219-09-9999).
/// </summary>
internal sealed class UsSsnDetector : ISensitiveDataDetector
{
    private static readonly Regex Candidate = DetectorPatterns.Create("[0-9]{3}[- ][0-9]{2}[- ][0-9]{4}|[0-9]{9}");

    // A keyword then at most a few characters of punctuation or short words ("SSN:", "SSN #", "social security no.").
    private static readonly Regex Keyword = DetectorPatterns.Create(
        @"(?:\bSSNs?|\bsocial security(?: number| no\.?| #)?)[\s:#.\-]{0,6}$", ignoreCase: true);

    private const int KeywordWindow = 32;

    public string Name => DetectorNames.UsSsn;

    public IEnumerable<SensitiveMatch> Find(string text)
    {
        foreach (Match match in Candidate.Matches(text))
        {
            var start = match.Index;
            var end = start + match.Length;
            var value = match.ValueSpan;
            var bare = value.Length == 9;
            if (!bare && value[3] != value[6])
            {
                continue;
            }
            var continuations = bare ? "-." : $"{value[3]}.";
            if (TextEdges.NumberContinuesBefore(text, start, continuations) || TextEdges.NumberContinuesAfter(text, end, continuations))
            {
                continue;
            }
            if (bare && !FollowsKeyword(text, start))
            {
                continue;
            }
            if (IsIssuable(value))
            {
                yield return new SensitiveMatch(Name, start, match.Length);
            }
        }
    }

    private static bool FollowsKeyword(string text, int start)
    {
        var windowStart = Math.Max(0, start - KeywordWindow);
        return Keyword.IsMatch(text.AsSpan(windowStart, start - windowStart));
    }

    private static bool IsIssuable(ReadOnlySpan<char> value)
    {
        Span<char> digits = stackalloc char[9];
        var count = 0;
        foreach (var c in value)
        {
            if (TextEdges.IsAsciiDigit(c))
            {
                digits[count++] = c;
            }
        }
        var area = int.Parse(digits[..3]);
        var group = int.Parse(digits[3..5]);
        var serial = int.Parse(digits[5..]);
        if (area is 0 or 666 or >= 900 || group == 0 || serial == 0)
        {
            return false;
        }
        return !digits.SequenceEqual("078051120") && !digits.SequenceEqual("219099999");
    }
}
