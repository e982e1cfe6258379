using System.Globalization;

namespace Pipeline.Connectors.Atlassian;

/// <summary>
/// Parses Atlassian timestamps leniently. Jira writes offsets without a colon (<c>2022-12-08T02:22:18.889-0800</c>),
/// which System.Text.Json's DateTimeOffset converter rejects, so timestamps are read as strings and parsed here.
/// </summary>
public static class AtlassianTimestamp
{
    private static readonly string[] JiraFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.fffzzz",
        "yyyy-MM-dd'T'HH:mm:ss.fffK",
        "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyy-MM-dd'T'HH:mm:ssK",
    ];

    /// <summary>The instant, or null for a missing or unreadable value (never throws: listings must go on).</summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var value = text.Trim();
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
            || DateTimeOffset.TryParseExact(value, JiraFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out parsed))
        {
            return parsed;
        }
        // "+0800" style offsets on values the general parser refuses: insert the colon and try once more.
        if (value.Length > 5 && value[^5] is '+' or '-' && value[^4..].All(char.IsAsciiDigit)
            && DateTimeOffset.TryParse(value[..^2] + ":" + value[^2..], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out parsed))
        {
            return parsed;
        }
        return null;
    }
}
