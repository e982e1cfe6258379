using PhoneNumbers;

namespace Pipeline.Core.Redaction.Detectors;

/// <summary>
/// What a valid-by-its-digits phone match must also be to count. Measured on the shared PDF corpus (the budget is
/// held by CorpusFalsePositiveTests): VALID alone made 20 false findings in 33, every one a pair or run of table
/// figures whose digits happened to form a valid number, split into groups the numbering plan never uses.
/// </summary>
internal static class PhoneNumberGuards
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static bool Accept(string text, int start, int length, string region)
    {
        var raw = text.Substring(start, length);
        return !IsPartOfLongerToken(text, start, start + length) && !IsBareDigitRun(raw) && IsGroupedAsPlanned(raw, region);
    }

    /// <summary>
    /// "10.5402/2013/861912", "1.2-202-555-0123": digits joined to the match by a slash, dot or dash belong to an
    /// identifier, a DOI or a decimal, not to a phone number.
    /// </summary>
    private static bool IsPartOfLongerToken(string text, int start, int end) =>
        TextEdges.Before(text, start) == '/' || TextEdges.After(text, end) == '/'
        || TextEdges.NumberContinuesBefore(text, start, ".-") || TextEdges.NumberContinuesAfter(text, end, ".-");

    /// <summary>
    /// Ten digits with no '+', bracket or separator are far more often an account, docket or record number in a
    /// table than a phone number; written numbers are grouped. E.164 ("+12025550123") still counts.
    /// </summary>
    private static bool IsBareDigitRun(string raw) => !raw.AsSpan().ContainsAnyExceptInRange('0', '9');

    /// <summary>
    /// The digit groups as written agree with how the plan formats the number (libphonenumber's STRICT_GROUPING
    /// check, run on the match alone): "202 555 0123" and "+41 (0)41 619 67 74" agree, "120 120 51 165" does not.
    /// </summary>
    private static bool IsGroupedAsPlanned(string raw, string region) =>
        Util.FindNumbers(raw, region, PhoneNumberUtil.Leniency.STRICT_GROUPING, 1).Any(m => m.Start == 0 && m.Length == raw.Length);
}
