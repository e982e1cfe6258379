using System.Text.Json;
using Pipeline.Connectors.Atlassian;

namespace Pipeline.Connectors.Jira;

/// <param name="Created">The raw timestamp (Jira's <c>-0800</c> offsets included).</param>
/// <param name="Body">ADF object (REST v3) or wiki-markup string (REST v2); a detached copy.</param>
public sealed record JiraComment(string? Id, string Author, string? Created, JsonElement Body)
{
    public static JiraComment From(JsonElement comment)
    {
        var author = JsonLookup.Property(comment, "author") is { } person
            ? JsonLookup.String(person, "displayName") ?? JsonLookup.String(person, "name")
            : null;
        var body = JsonLookup.Property(comment, "body") is { } value ? value.Clone() : default;
        return new JiraComment(JsonLookup.String(comment, "id"), author ?? "Unknown author", JsonLookup.String(comment, "created"), body);
    }
}
