namespace Pipeline.Core.Redaction.Detectors;

/// <summary>
/// What stands just before or after a candidate. A value glued to more digits or letters is a fragment of something
/// longer (a table figure, an identifier), not the value itself.
/// </summary>
internal static class TextEdges
{
    public static bool IsAsciiDigit(char c) => c is >= '0' and <= '9';

    public static bool IsAsciiLetterOrDigit(char c) => char.IsAsciiLetterOrDigit(c);

    public static char Before(string text, int start) => start > 0 ? text[start - 1] : '\0';

    public static char After(string text, int end) => end < text.Length ? text[end] : '\0';

    /// <summary>A digit, or a separator followed by a digit, continues a number past <paramref name="end"/>.</summary>
    public static bool NumberContinuesAfter(string text, int end, string separators)
    {
        var next = After(text, end);
        return IsAsciiDigit(next) || (next != '\0' && separators.Contains(next) && IsAsciiDigit(After(text, end + 1)));
    }

    /// <summary>A digit, or a digit then a separator, continues a number before <paramref name="start"/>.</summary>
    public static bool NumberContinuesBefore(string text, int start, string separators)
    {
        var previous = Before(text, start);
        return IsAsciiDigit(previous) || (previous != '\0' && separators.Contains(previous) && IsAsciiDigit(Before(text, start - 1)));
    }
}
