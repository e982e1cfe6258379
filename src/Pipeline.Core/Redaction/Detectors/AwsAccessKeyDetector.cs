using System.Text.RegularExpressions;

namespace Pipeline.Core.Redaction.Detectors;

/// <summary>
/// AWS access key ids: a four-letter prefix naming the credential type (AKIA long-term user key, ASIA temporary STS
/// key, ABIA STS service bearer token, ACCA context-specific credential) and 16 upper-case letters or digits.
/// The id alone does not sign requests, but it names the account and is always pasted next to its secret.
/// </summary>
internal sealed class AwsAccessKeyDetector : ISensitiveDataDetector
{
    private static readonly Regex Pattern = DetectorPatterns.Create("(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}");

    public string Name => DetectorNames.AwsAccessKey;

    public IEnumerable<SensitiveMatch> Find(string text) => WholeTokenMatches.Find(Name, Pattern, text);
}
