using System.Text;

namespace Pipeline.Extraction.Atlassian;

/// <summary>
/// Splits a Jira wiki table line (<c>||head||head||</c> or <c>|cell|cell|</c>) into cells. A '|' inside a
/// link (<c>[text|url]</c>) or a macro (<c>{panel:title=a|b}</c>) or escaped as <c>\|</c> is part of the cell.
/// </summary>
internal static class WikiTableRow
{
    public static List<string> Cells(string line)
    {
        var segments = new List<string>();
        var current = new StringBuilder();
        var brackets = 0;
        var braces = 0;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length)
            {
                current.Append(c).Append(line[++i]);
                continue;
            }
            brackets = Math.Max(0, brackets + (c == '[' ? 1 : c == ']' ? -1 : 0));
            braces = Math.Max(0, braces + (c == '{' ? 1 : c == '}' ? -1 : 0));
            if (c != '|' || brackets > 0 || braces > 0)
            {
                current.Append(c);
                continue;
            }
            // "||" opens a header cell: a run of bars is one boundary.
            while (i + 1 < line.Length && line[i + 1] == '|')
            {
                i++;
            }
            segments.Add(current.ToString());
            current.Clear();
        }
        segments.Add(current.ToString());
        // The bars that open and close the row leave blank segments at both ends.
        if (segments.Count > 0 && string.IsNullOrWhiteSpace(segments[0]))
        {
            segments.RemoveAt(0);
        }
        if (segments.Count > 0 && string.IsNullOrWhiteSpace(segments[^1]))
        {
            segments.RemoveAt(segments.Count - 1);
        }
        return segments;
    }
}
