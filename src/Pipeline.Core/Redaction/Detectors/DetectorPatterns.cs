using System.Text.RegularExpressions;

namespace Pipeline.Core.Redaction.Detectors;

/// <summary>
/// How every detector builds its candidate pattern. Documents are untrusted input (a 5 MB line of digits, a pasted
/// log), so patterns run on the non-backtracking engine, whose time is linear in the text whatever it holds; the
/// price is no look-arounds or back-references, which is why detectors check boundaries and repeated separators in
/// code instead.
/// </summary>
internal static class DetectorPatterns
{
    public static Regex Create(string pattern, bool ignoreCase = false) => new(
        pattern,
        RegexOptions.NonBacktracking | RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None));
}
