using System.Text.RegularExpressions;

namespace Pipeline.Core.Redaction.Detectors;

/// <summary>
/// Payment card numbers: 13 to 19 digits written together or in the groups cards are printed in (4-4-4-4, 4-4-4-4-3,
/// Amex 4-6-5, Diners 4-6-4), one separator throughout. A candidate must pass Luhn and fall in a known issuer range
/// with a length that issuer uses, and must not be a piece of a longer run of digits (table rows, account ledgers).
/// </summary>
internal sealed class CardNumberDetector : ISensitiveDataDetector
{
    private static readonly Regex Candidate = DetectorPatterns.Create(
        "[0-9]{13,19}" +
        "|[0-9]{4}[ -][0-9]{4}[ -][0-9]{4}[ -][0-9]{1,4}(?:[ -][0-9]{1,3})?" +
        "|[0-9]{4}[ -][0-9]{6}[ -][0-9]{4,5}");

    public string Name => DetectorNames.Card;

    public IEnumerable<SensitiveMatch> Find(string text)
    {
        foreach (Match match in Candidate.Matches(text))
        {
            var accepted = Accept(text, match.Index, match.Length);
            if (accepted is { } length)
            {
                yield return new SensitiveMatch(Name, match.Index, length);
            }
        }
    }

    /// <summary>The length of the card number the candidate starts with, or null when it is not one.</summary>
    private static int? Accept(string text, int start, int length)
    {
        var candidate = text.AsSpan(start, length);
        var separator = SeparatorOf(candidate);
        if (separator == Mixed)
        {
            return null;
        }
        // Written together, a number glued to a dash or dot is an identifier or decimal; grouped, another group
        // in the same separator means the candidate is a slice of a longer run.
        var continuations = separator is { } s ? $"{s}." : "-.";
        if (TextEdges.NumberContinuesBefore(text, start, continuations))
        {
            return null;
        }
        if (!TextEdges.NumberContinuesAfter(text, start + length, continuations) && IsCard(candidate))
        {
            return length;
        }
        // "4111 1111 1111 1111 12/25": a short fifth group taken by the pattern may be the expiry after the card;
        // a fifth group that goes on into more digits is a table row, not a card.
        var lastSeparator = separator is { } sep ? candidate.LastIndexOf(sep) : -1;
        if (lastSeparator > 0 && CountSeparators(candidate, separator!.Value) == 4
            && !TextEdges.IsAsciiDigit(TextEdges.After(text, start + length)) && IsCard(candidate[..lastSeparator]))
        {
            return lastSeparator;
        }
        return null;
    }

    private static bool IsCard(ReadOnlySpan<char> grouped)
    {
        Span<char> digits = stackalloc char[grouped.Length];
        var count = 0;
        foreach (var c in grouped)
        {
            if (TextEdges.IsAsciiDigit(c))
            {
                digits[count++] = c;
            }
        }
        var number = digits[..count];
        return number.Length is >= 13 and <= 19 && Luhn.IsValid(number) && CardIssuerRanges.SchemeOf(number) is not null;
    }

    private const char Mixed = '*';

    /// <summary>The one separator the groups use, null when written together, <see cref="Mixed"/> when both.</summary>
    private static char? SeparatorOf(ReadOnlySpan<char> candidate)
    {
        char? found = null;
        foreach (var c in candidate)
        {
            if (TextEdges.IsAsciiDigit(c))
            {
                continue;
            }
            if (found is { } f && f != c)
            {
                return Mixed;
            }
            found = c;
        }
        return found;
    }

    private static int CountSeparators(ReadOnlySpan<char> candidate, char separator) => candidate.Count(separator);
}
