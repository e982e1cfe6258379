using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pipeline.Host.Webhooks;

/// <summary>
/// Which item a webhook is about. Only the id is taken from the body: the item itself is re-fetched from the API,
/// because webhook bodies are REST-v2 shaped (wiki markup) and must not be trusted as content.
/// </summary>
public static partial class WebhookItem
{
    [GeneratedRegex(@"/issue/(\d+)(/|$)")]
    private static partial Regex IssueIdInUrl();

    /// <summary>Issue key (or numeric id when only a comment URL names it) of a Jira delivery.</summary>
    public static string? JiraIssue(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        if (body.TryGetProperty("issue", out var issue) && issue.ValueKind == JsonValueKind.Object)
        {
            if (StringProperty(issue, "key") is { } key)
            {
                return key;
            }
            if (StringProperty(issue, "id") is { } id)
            {
                return id;
            }
        }
        // Server comment events carry only the comment, whose self URL names the issue id.
        if (body.TryGetProperty("comment", out var comment) && comment.ValueKind == JsonValueKind.Object
            && comment.TryGetProperty("self", out var self) && self.ValueKind == JsonValueKind.String
            && IssueIdInUrl().Match(self.GetString()!) is { Success: true } match)
        {
            return match.Groups[1].Value;
        }
        return null;
    }

    /// <summary>
    /// The key an issue had before this delivery's move (changelog item <c>Key</c>), or null. The delivery names the
    /// new key; the old one may be in a job's index and, once re-read, is found gone there.
    /// </summary>
    public static string? JiraFormerKey(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object
            || !body.TryGetProperty("changelog", out var changelog) || changelog.ValueKind != JsonValueKind.Object
            || !changelog.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        foreach (var change in items.EnumerateArray())
        {
            if (change.ValueKind == JsonValueKind.Object && string.Equals(StringProperty(change, "field"), "Key", StringComparison.OrdinalIgnoreCase))
            {
                return StringProperty(change, "fromString");
            }
        }
        return null;
    }

    /// <summary>Page id of a Confluence delivery; its bodies do not name their event, so every one means "re-read this page".</summary>
    public static string? ConfluencePage(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return null;
        }
        foreach (var name in new[] { "page", "content", "blog" })
        {
            if (body.TryGetProperty(name, out var item) && item.ValueKind == JsonValueKind.Object && StringProperty(item, "id") is { } id)
            {
                return id;
            }
        }
        return StringProperty(body, "type") == "page" ? StringProperty(body, "id") : null;
    }

    private static string? StringProperty(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return null;
        }
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        // Ids and keys are short and plain; anything else is not an id we will pass on to a job.
        return text is { Length: > 0 and <= 255 } && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? text : null;
    }
}
