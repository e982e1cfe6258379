using System.Text.RegularExpressions;

namespace Pipeline.Connectors.Jira;

/// <summary>What an issue key and an issue id look like: anything else never reaches a URL or a JQL query.</summary>
internal static partial class JiraIssueKey
{
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_]*-[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Key();

    [GeneratedRegex("^[0-9]{1,18}$", RegexOptions.CultureInvariant)]
    private static partial Regex Id();

    /// <summary>PROJECT-N, what people call an issue and what documents are named by.</summary>
    public static bool IsKey(string? value) => value is not null && Key().IsMatch(value);

    /// <summary>The numeric issue id some webhooks carry.</summary>
    public static bool IsId(string? value) => value is not null && Id().IsMatch(value);
}
