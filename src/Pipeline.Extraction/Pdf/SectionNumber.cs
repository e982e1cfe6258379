using System.Text.RegularExpressions;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// The numbering a heading starts with ("2.3.59.1.1 Background", "7. Standard solutions", "2.3.59-12 Exhibit"),
/// as its parts. Numbering is the one place a flat outline or a bare page still shows how deep a heading sits.
/// </summary>
internal static partial class SectionNumber
{
    public static IReadOnlyList<string> Parts(string heading)
    {
        var match = Leading().Match(heading);
        return match.Success ? match.Groups[1].Value.Split('.', '-') : [];
    }

    /// <summary>The heading without its leading number ("Background" for "2.3.59.1.1 Background").</summary>
    public static string Without(string heading)
    {
        var match = Leading().Match(heading);
        return match.Success ? heading[match.Length..].TrimStart() : heading;
    }

    /// <summary>True when <paramref name="child"/> numbers a section inside <paramref name="parent"/> ("7.1" in "7").</summary>
    public static bool IsWithin(IReadOnlyList<string> child, IReadOnlyList<string> parent) =>
        parent.Count > 0 && child.Count > parent.Count && parent.SequenceEqual(child.Take(parent.Count));

    // At most 12 parts and numbers of at most 4 digits, so a year or a quantity does not pass for a section.
    [GeneratedRegex(@"^(\d{1,4}(?:[.\-]\d{1,4}){0,11})\.?(?=\s|$)")]
    private static partial Regex Leading();
}
