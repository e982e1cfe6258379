using System.Text.RegularExpressions;

namespace Pipeline.Core.Redaction.Detectors;

/// <summary>
/// IBANs, compact (<c>DE89370400440532013000</c>) or in print groups of four (<c>DE89 3704 0044 0532 0130 00</c>).
/// A candidate must have its country's registered length and pass mod-97; the length also decides where a grouped
/// IBAN ends, so a capitalised word after it is not swallowed.
/// </summary>
internal sealed class IbanDetector : ISensitiveDataDetector
{
    private static readonly Regex Candidate = DetectorPatterns.Create(
        "[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}" +
        "|[A-Z]{2}[0-9]{2}(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?");

    public string Name => DetectorNames.Iban;

    public IEnumerable<SensitiveMatch> Find(string text)
    {
        foreach (Match match in Candidate.Matches(text))
        {
            if (TextEdges.IsAsciiLetterOrDigit(TextEdges.Before(text, match.Index)))
            {
                continue;
            }
            if (Accept(text, match.Index, match.Length) is { } length)
            {
                yield return new SensitiveMatch(Name, match.Index, length);
            }
        }
    }

    /// <summary>How much of the candidate is the IBAN, or null when it is not one.</summary>
    private static int? Accept(string text, int start, int length)
    {
        if (IbanRegistry.LengthOf(text.AsSpan(start, 2)) is not { } registered)
        {
            return null;
        }
        Span<char> compact = stackalloc char[registered];
        var taken = 0;
        var end = start;
        while (taken < registered && end < start + length)
        {
            var c = text[end++];
            if (c != ' ')
            {
                compact[taken++] = c;
            }
        }
        // Too short, or the registered length ends inside a group: the candidate is something else.
        if (taken < registered || TextEdges.IsAsciiLetterOrDigit(TextEdges.After(text, end)))
        {
            return null;
        }
        return IbanChecksum.IsValid(compact) ? end - start : null;
    }
}
