using System.Text.RegularExpressions;

namespace Pipeline.Extraction.Atlassian;

/// <summary>
/// Reduces one line of Jira wiki markup to its words: links to their text, mentions to the user part,
/// emphasis markers and colour macros removed, images dropped, <c>\\</c> to a line break and <c>\-</c> style
/// escapes to the character. Pragmatic, not a full renderer: markers Jira would print literally may be kept.
/// </summary>
internal static partial class WikiInlineText
{
    // Escaped punctuation is parked in a private-use range so that no later rule mistakes it for markup.
    private const char EscapedBase = '\uF000';
    private const string AccountIdPrefix = "accountid:";

    [GeneratedRegex(@"\\([!-/:-@\[-`{-~])", RegexOptions.CultureInvariant)]
    private static partial Regex Escape();

    [GeneratedRegex(@"(?<!\w)!([^\s!|][^!|\n]*?\.(?:png|jpe?g|gif|svg|bmp|webp|tiff?)|https?://[^\s!|]+)(?:\|[^!\n]*)?!", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Image();

    [GeneratedRegex(@"\[([^\[\]\n]*)\]", RegexOptions.CultureInvariant)]
    private static partial Regex Link();

    [GeneratedRegex(@"\{\{(.+?)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Monospace();

    [GeneratedRegex(@"\{(?:color|anchor)(?::[^}\n]*)?\}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Decoration();

    // *strong*, _emphasis_, +inserted+, ??citation??: only where Jira would see a marker (not inside words).
    [GeneratedRegex(@"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])|(?<![\w+])\+(?=\S)([^+\n]+?)(?<=\S)\+(?![\w+])|\?\?(?=\S)([^\n]+?)(?<=\S)\?\?", RegexOptions.CultureInvariant)]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"[ \t\u00A0]+", RegexOptions.CultureInvariant)]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^[a-z][a-z0-9+.-]*:", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Address();

    public static string ToPlain(string markup, ConversionTally tally)
    {
        var text = markup.Replace(@"\\", "\n", StringComparison.Ordinal);
        text = Escape().Replace(text, m => ((char)(EscapedBase + m.Groups[1].Value[0])).ToString());
        text = Image().Replace(text, _ =>
        {
            tally.Ignored("image");
            return string.Empty;
        });
        text = Link().Replace(text, LinkText);
        text = Monospace().Replace(text, "$1");
        text = Decoration().Replace(text, string.Empty);
        text = Emphasis().Replace(text, m => m.Groups[1].Value + m.Groups[2].Value + m.Groups[3].Value + m.Groups[4].Value);
        text = string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c >= EscapedBase && c < EscapedBase + 128 ? (char)(c - EscapedBase) : c;
            }
        });
        text = Spaces().Replace(text, " ");
        return string.Join('\n', text.Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0));
    }

    private static string LinkText(Match link)
    {
        var content = link.Groups[1].Value.Trim();
        if (content.StartsWith('~'))
        {
            // [~jsmith] on Server, [~accountid:5b10…] on Cloud: the user part is all the body says about them.
            var user = content[1..];
            return user.StartsWith(AccountIdPrefix, StringComparison.OrdinalIgnoreCase) ? user[AccountIdPrefix.Length..] : user;
        }
        if (content.StartsWith('^'))
        {
            return content[1..];
        }
        var bar = content.IndexOf('|');
        if (bar >= 0)
        {
            var label = content[..bar].Trim();
            return label.Length > 0 ? label : content[(bar + 1)..].Split('|')[0].Trim();
        }
        if (content.StartsWith('#'))
        {
            return content[1..];
        }
        // Plain brackets ("array[0]") are text, not links.
        return Address().IsMatch(content) ? content : link.Value;
    }
}
