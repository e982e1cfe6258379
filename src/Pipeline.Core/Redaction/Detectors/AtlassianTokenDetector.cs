using System.Text.RegularExpressions;

namespace Pipeline.Core.Redaction.Detectors;

/// <summary>
/// Atlassian cloud API tokens: <c>ATATT3</c> (user API tokens issued since 2022) or <c>ATCTT3</c> (organisation
/// admin API keys), then a long base64url body ending in <c>=</c> and an 8-hex-digit checksum, about 190 characters
/// in all. The pipeline reads Jira and Confluence, so these are the tokens most likely to be pasted into a page.
/// </summary>
internal sealed class AtlassianTokenDetector : ISensitiveDataDetector
{
    // The body length is kept loose (150+) and the checksum optional so a token cut by a line wrap still matches.
    private static readonly Regex Pattern = DetectorPatterns.Create("AT[AC]TT3[A-Za-z0-9_-]{150,}(?:=[A-Fa-f0-9]{8})?");

    public string Name => DetectorNames.AtlassianToken;

    public IEnumerable<SensitiveMatch> Find(string text) => WholeTokenMatches.Find(Name, Pattern, text);
}
