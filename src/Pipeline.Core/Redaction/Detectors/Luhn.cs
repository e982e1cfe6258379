namespace Pipeline.Core.Redaction.Detectors;

/// <summary>The Luhn (mod 10) check digit every payment card number carries.</summary>
internal static class Luhn
{
    /// <param name="digits">ASCII digits only.</param>
    public static bool IsValid(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var digit = digits[i] - '0';
            if (doubleIt)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }
            sum += digit;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }
}
