using PhoneNumbers;

namespace Pipeline.Core.Redaction.Detectors;

/// <summary>
/// Telephone numbers as libphonenumber finds them (<see cref="PhoneNumberUtil.Leniency.VALID"/>: a number some
/// numbering plan could have issued), read in <see cref="DetectorSettings.PhoneRegion"/> when written without a
/// country code. VALID alone reads table figures as phones ("77170 80336", "70.975 53.641", "71-72 76-80 71" all
/// are valid US numbers by their digits), so each match must also pass <see cref="PhoneNumberGuards"/>: grouped as the
/// number's own plan groups it, not glued to a longer numeric token, and not a bare run of digits.
/// </summary>
internal sealed class PhoneNumberDetector(DetectorSettings settings) : ISensitiveDataDetector
{
    // How many candidates the matcher may try per call: its own bound on texts made of digits (a 5 MB line of
    // digits takes under a second either way, but a table of a million figures should not try them all).
    private const long MaxTries = 100_000;

    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public string Name => DetectorNames.Phone;

    public IEnumerable<SensitiveMatch> Find(string text)
    {
        foreach (var match in Util.FindNumbers(text, settings.PhoneRegion, PhoneNumberUtil.Leniency.VALID, MaxTries))
        {
            var (start, length) = WithoutUnpairedBracket(match.RawString, match.Start);
            if (PhoneNumberGuards.Accept(text, start, length, settings.PhoneRegion))
            {
                yield return new SensitiveMatch(Name, start, length);
            }
        }
    }

    /// <summary>
    /// "(call 202-456-1111)": the matcher keeps an opening bracket that belongs to the sentence, not the number.
    /// </summary>
    private static (int Start, int Length) WithoutUnpairedBracket(string raw, int start)
    {
        var unpaired = raw.StartsWith('(') && !raw.Contains(')');
        return unpaired ? (start + 1, raw.Length - 1) : (start, raw.Length);
    }
}
