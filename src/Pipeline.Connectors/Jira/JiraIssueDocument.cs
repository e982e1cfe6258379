using System.Globalization;
using Pipeline.Connectors.Atlassian;
using Pipeline.Core.Documents;
using Pipeline.Extraction.Atlassian;

namespace Pipeline.Connectors.Jira;

/// <summary>
/// An issue as one document: its summary, the description, then a "Comments" section with one sub-section per
/// comment headed by author and date. Fields that describe rather than say (status, labels…) go to metadata.
/// </summary>
internal static class JiraIssueDocument
{
    public const string CommentsHeading = "Comments";

    // Comment headings sit at level 2 under "Comments"; a heading inside a comment goes below them.
    private const int CommentHeadingLevel = 2;

    /// <param name="unknownNodes">Rich-text nodes without a mapping, over description and comments (text kept).</param>
    public static SourceDocument Build(JiraIssue issue, IReadOnlyList<JiraComment> comments, Uri site, bool isAdf, out int unknownNodes)
    {
        var fields = issue.Fields;
        var summary = JsonLookup.String(fields, "summary")?.Trim();
        var blocks = new List<Block>();
        // Chunks carry headings but not the title: without the summary as text an issue would lose its gist.
        if (!string.IsNullOrEmpty(summary))
        {
            blocks.Add(Block.Paragraph($"{issue.Key}: {summary}", 0));
        }
        var description = JiraBody.Convert(JsonLookup.Property(fields, "description"));
        blocks.AddRange(description.Blocks);
        unknownNodes = Unknown(description);

        if (comments.Count > 0)
        {
            blocks.Add(Block.Heading(CommentsHeading, 1, 0));
            foreach (var comment in comments)
            {
                var body = JiraBody.Convert(comment.Body);
                unknownNodes += Unknown(body);
                blocks.Add(Block.Heading($"{comment.Author} — {When(comment.Created)}", CommentHeadingLevel, 0));
                blocks.AddRange(HeadingShift.Below(body.Blocks, CommentHeadingLevel));
            }
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["key"] = issue.Key,
            ["id"] = issue.Id,
            ["url"] = new Uri(site, "browse/" + Uri.EscapeDataString(issue.Key)).ToString(),
            ["comments"] = comments.Count.ToString(CultureInfo.InvariantCulture),
            [isAdf ? "adf_unknown_nodes" : "markup_unknown_nodes"] = unknownNodes.ToString(CultureInfo.InvariantCulture),
        };
        Add(metadata, "project", JsonLookup.Property(fields, "project") is { } project ? JsonLookup.String(project, "key") : null);
        Add(metadata, "type", JsonLookup.Named(fields, "issuetype"));
        Add(metadata, "status", JsonLookup.Named(fields, "status"));
        Add(metadata, "priority", JsonLookup.Named(fields, "priority"));
        Add(metadata, "labels", Joined(JsonLookup.Array(fields, "labels").Select(l => l.ValueKind == System.Text.Json.JsonValueKind.String ? l.GetString() : null)));
        Add(metadata, "components", Joined(JsonLookup.Array(fields, "components").Select(c => JsonLookup.String(c, "name"))));
        Add(metadata, "created", JsonLookup.String(fields, "created"));
        Add(metadata, "updated", JsonLookup.String(fields, "updated"));

        var title = string.IsNullOrEmpty(summary) ? issue.Key : $"{issue.Key}: {summary}";
        return new SourceDocument(issue.Key, title, blocks, 0, metadata);
    }

    private static int Unknown(ConvertedBody body) => body.UnknownNodes.Values.Sum();

    private static string When(string? created) =>
        AtlassianTimestamp.Parse(created) is { } instant
            ? instant.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)
            : "undated";

    private static string? Joined(IEnumerable<string?> values)
    {
        var kept = values.Where(v => !string.IsNullOrWhiteSpace(v)).ToList();
        return kept.Count == 0 ? null : string.Join(", ", kept);
    }

    private static void Add(Dictionary<string, string> metadata, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            metadata[name] = value;
        }
    }
}
