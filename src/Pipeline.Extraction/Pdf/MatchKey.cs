using System.Text;

namespace Pipeline.Extraction.Pdf;

/// <summary>
/// Text reduced to what survives the differences between an outline title and the page: lower-case letters
/// and digits only, without anything in parentheses (the IRS prints a revision date "(01-17-2023)" inside its
/// headings). Remembers where each kept character came from, so a region can be cut right after a title.
/// </summary>
internal sealed class MatchKey
{
    private const int MaxAside = 40;

    private readonly int[] _sources;

    private MatchKey(string value, int[] sources)
    {
        Value = value;
        _sources = sources;
    }

    public string Value { get; }

    public static MatchKey Of(string text)
    {
        var value = new StringBuilder(text.Length);
        var sources = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '(')
            {
                // Only a short aside is skipped: an unclosed parenthesis must not swallow the rest of the text.
                var close = text.IndexOf(')', i + 1, Math.Min(MaxAside, text.Length - i - 1));
                if (close > 0)
                {
                    i = close;
                }
                continue;
            }
            if (char.IsLetterOrDigit(c))
            {
                value.Append(char.ToLowerInvariant(c));
                sources.Add(i);
            }
        }
        return new MatchKey(value.ToString(), [.. sources]);
    }

    /// <summary>Position in the original text just after the key's first <paramref name="length"/> characters.</summary>
    public int EndOf(int length) => length == 0 ? 0 : _sources[length - 1] + 1;
}
