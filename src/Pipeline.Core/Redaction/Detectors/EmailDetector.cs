using System.Text.RegularExpressions;

namespace Pipeline.Core.Redaction.Detectors;

/// <summary>
/// E-mail addresses by shape only: <c>local@domain.tld</c>. Whether the mailbox exists is not knowable from a
/// document, and the shape is already specific enough that ordinary prose does not match it.
/// </summary>
internal sealed class EmailDetector : ISensitiveDataDetector
{
    // The local part takes the characters real addresses use (RFC 5322's quoted forms are left out: nobody writes
    // them in documents); the domain is dot-separated labels ending in an alphabetic top-level domain.
    private static readonly Regex Candidate = DetectorPatterns.Create(
        @"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}");

    public string Name => DetectorNames.Email;

    public IEnumerable<SensitiveMatch> Find(string text)
    {
        foreach (Match match in Candidate.Matches(text))
        {
            // A top-level domain cut short by the length limit is part of a longer word, not an address.
            if (!TextEdges.IsAsciiLetterOrDigit(TextEdges.After(text, match.Index + match.Length)))
            {
                yield return new SensitiveMatch(Name, match.Index, match.Length);
            }
        }
    }
}
