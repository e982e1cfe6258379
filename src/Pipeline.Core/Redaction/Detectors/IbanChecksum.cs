namespace Pipeline.Core.Redaction.Detectors;

/// <summary>ISO 7064 MOD 97-10 as IBANs use it: the country code and check digits moved to the end must leave 1.</summary>
internal static class IbanChecksum
{
    /// <param name="iban">Upper-case letters and digits only, no spaces.</param>
    public static bool IsValid(ReadOnlySpan<char> iban)
    {
        if (iban.Length < 5)
        {
            return false;
        }
        var remainder = 0;
        // Letters stand for two digits (A = 10 … Z = 35); folding the remainder in digit by digit keeps it small.
        foreach (var c in string.Concat(iban[4..], iban[..4]))
        {
            if (c is >= '0' and <= '9')
            {
                remainder = (remainder * 10 + (c - '0')) % 97;
            }
            else if (c is >= 'A' and <= 'Z')
            {
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            }
            else
            {
                return false;
            }
        }
        return remainder == 1;
    }
}
