namespace Pipeline.Core.Redaction.Detectors;

/// <summary>
/// The issuer identification number (IIN) ranges of the major card schemes with the lengths each issues. A Luhn-valid
/// number outside every range is a table figure that happens to check, not a card: one random number in ten passes
/// Luhn, so the range is what keeps long numeric columns out.
/// </summary>
internal static class CardIssuerRanges
{
    /// <param name="PrefixDigits">How many leading digits <see cref="From"/> and <see cref="To"/> describe.</param>
    private sealed record Range(string Scheme, int PrefixDigits, int From, int To, int MinLength, int MaxLength);

    private static readonly Range[] Ranges =
    [
        new("visa", 1, 4, 4, 13, 19),
        new("mastercard", 2, 51, 55, 16, 16),
        new("mastercard", 4, 2221, 2720, 16, 16),
        new("amex", 2, 34, 34, 15, 15),
        new("amex", 2, 37, 37, 15, 15),
        new("discover", 4, 6011, 6011, 16, 19),
        new("discover", 3, 644, 649, 16, 19),
        new("discover", 2, 65, 65, 16, 19),
        new("discover", 6, 622126, 622925, 16, 19),
        new("jcb", 4, 3528, 3589, 16, 19),
        new("diners", 3, 300, 305, 14, 19),
        new("diners", 2, 36, 36, 14, 19),
        new("diners", 2, 38, 39, 16, 19),
        new("unionpay", 2, 62, 62, 16, 19),
        new("maestro", 2, 50, 50, 12, 19),
        new("maestro", 2, 56, 69, 12, 19),
    ];

    /// <summary>The scheme a number of this length and prefix belongs to, or null.</summary>
    /// <param name="digits">ASCII digits only.</param>
    public static string? SchemeOf(ReadOnlySpan<char> digits)
    {
        foreach (var range in Ranges)
        {
            if (digits.Length < range.PrefixDigits || digits.Length < range.MinLength || digits.Length > range.MaxLength)
            {
                continue;
            }
            var prefix = int.Parse(digits[..range.PrefixDigits]);
            if (prefix >= range.From && prefix <= range.To)
            {
                return range.Scheme;
            }
        }
        return null;
    }
}
