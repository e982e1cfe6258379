using System.Numerics;

namespace Pipeline.Core.Evaluation;

/// <summary>
/// Python's <c>round(x, 4)</c> on a double: the exact binary value is rounded to four decimals (ties to even), then read
/// back as the nearest double. <c>Math.Round</c> scales by 10^4 first, which can land on the other side of a tie.
/// </summary>
public static class PythonRounding
{
    public static double Round4(double x)
    {
        if (x < 0)
        {
            return -Round4(-x);
        }
        if (x == 0 || double.IsNaN(x) || double.IsInfinity(x))
        {
            return x;
        }
        var bits = BitConverter.DoubleToInt64Bits(x);
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xF_FFFF_FFFF_FFFFL;
        if (exponent == 0)
        {
            exponent = 1;
        }
        else
        {
            mantissa |= 1L << 52;
        }
        var shift = exponent - 1075;
        if (shift >= 0)
        {
            return x; // an integer already
        }
        // x * 10^4 = mantissa * 10^4 / 2^-shift, exactly.
        var numerator = new BigInteger(mantissa) * 10_000;
        var denominator = BigInteger.One << -shift;
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        var twice = remainder * 2;
        if (twice > denominator || (twice == denominator && !quotient.IsEven))
        {
            quotient += 1;
        }
        // Both operands are exact doubles, so the division is the correctly rounded nearest double, as strtod gives.
        return (double)quotient / 10_000;
    }
}
