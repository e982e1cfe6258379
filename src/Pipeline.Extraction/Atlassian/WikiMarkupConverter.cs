namespace Pipeline.Extraction.Atlassian;

/// <summary>
/// Converts Jira wiki markup (REST v2 bodies, Jira Data Center / Server, and every Jira webhook's
/// description and comment bodies) into blocks. A pragmatic subset: headings, nested lists, tables, code and
/// noformat blocks, quotes, panels, links and mentions; other markup is left as text. Never throws.
/// </summary>
public static class WikiMarkupConverter
{
    public static ConvertedBody Convert(string? markup) =>
        string.IsNullOrWhiteSpace(markup) ? ConvertedBody.Empty : new WikiBlockReader().Read(markup);
}
