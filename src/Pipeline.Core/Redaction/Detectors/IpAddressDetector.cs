using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Pipeline.Core.Redaction.Detectors;

/// <summary>
/// IPv4 and IPv6 addresses. Not in the default policy: an address is personal data only in some contexts (a home
/// connection in a log) and documentation is full of example and internal ranges; an integrator who needs it turns
/// it on. IPv4 candidates that touch more digits or dots are version strings or section numbers (<c>1.2.3.4.5</c>,
/// <c>2.3.59.1.1</c>); IPv6 candidates are confirmed by <see cref="IPAddress.TryParse(string?, out IPAddress?)"/>.
/// </summary>
internal sealed class IpAddressDetector : ISensitiveDataDetector
{
    // Octets without leading zeros: "01.02.03.04" is a date or a version, and inet_aton reads it as octal anyway.
    private static readonly Regex V4 = DetectorPatterns.Create(
        @"(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");

    // Hex groups and colons, at least two colons, optionally ending in a dotted IPv4 (::ffff:192.0.2.1).
    private static readonly Regex V6 = DetectorPatterns.Create(
        @"(?:[0-9A-Fa-f]{1,4}|:)?(?::(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}|[0-9A-Fa-f]{0,4})){2,7}");

    public string Name => DetectorNames.IpAddress;

    public IEnumerable<SensitiveMatch> Find(string text)
    {
        var v6 = FindV6(text).ToList();
        var v4 = new List<SensitiveMatch>();
        var next6 = 0;
        foreach (var match in FindV4(text))
        {
            // The dotted tail of an IPv4-mapped IPv6 address (::ffff:192.0.2.1) is part of that address, not
            // another; both lists are in text order, so one walk finds the address each tail could belong to.
            while (next6 < v6.Count && v6[next6].End < match.End)
            {
                next6++;
            }
            if (next6 == v6.Count || v6[next6].Start > match.Start)
            {
                v4.Add(match);
            }
        }
        return v4.Concat(v6).OrderBy(m => m.Start);
    }

    private IEnumerable<SensitiveMatch> FindV4(string text)
    {
        foreach (Match match in V4.Matches(text))
        {
            var end = match.Index + match.Length;
            if (!TextEdges.NumberContinuesBefore(text, match.Index, ".") && !TextEdges.NumberContinuesAfter(text, end, ".")
                && !TextEdges.IsAsciiLetterOrDigit(TextEdges.Before(text, match.Index)) && !char.IsAsciiLetter(TextEdges.After(text, end)))
            {
                yield return new SensitiveMatch(Name, match.Index, match.Length);
            }
        }
    }

    private IEnumerable<SensitiveMatch> FindV6(string text)
    {
        foreach (Match match in V6.Matches(text))
        {
            var before = TextEdges.Before(text, match.Index);
            var after = TextEdges.After(text, match.Index + match.Length);
            if (char.IsAsciiLetterOrDigit(before) || before is ':' || char.IsAsciiLetterOrDigit(after) || after is ':' || !LooksLikeAddress(match.ValueSpan))
            {
                continue;
            }
            if (IPAddress.TryParse(match.ValueSpan, out var address) && address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                yield return new SensitiveMatch(Name, match.Index, match.Length);
            }
        }
    }

    /// <summary>
    /// "::" alone, "12:30:45" (a time) and "std::vector"-like fragments parse or nearly parse; an address worth
    /// flagging has at least three hex groups and a digit.
    /// </summary>
    private static bool LooksLikeAddress(ReadOnlySpan<char> candidate)
    {
        var groups = 0;
        foreach (var range in candidate.Split(':'))
        {
            // A dotted IPv4 tail stands for two groups.
            groups += candidate[range].IsEmpty ? 0 : candidate[range].Contains('.') ? 2 : 1;
        }
        return groups >= 3 && candidate.ContainsAnyInRange('0', '9');
    }
}
