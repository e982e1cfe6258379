using System.Globalization;
using System.Text.RegularExpressions;

namespace Pipeline.Connectors.Tests.FakeAtlassian;

/// <summary>
/// The little JQL <see cref="FakeJira"/> understands: <c>project in (…)</c> / <c>project = X</c>,
/// <c>updated &gt;= "yyyy-MM-dd HH:mm"</c> (read in UTC, as for an account whose profile zone is UTC), and
/// <c>id = N</c> / <c>issuekey = KEY</c> (one issue, by id, current or former key), and
/// <c>ORDER BY updated|created</c>. Anything else in the filter is ignored.
/// </summary>
public static partial class FakeJql
{
    [GeneratedRegex("""updated\s*>=\s*"(?<at>\d{4}-\d{2}-\d{2} \d{2}:\d{2})"?""", RegexOptions.IgnoreCase)]
    private static partial Regex UpdatedSince();

    [GeneratedRegex("""project\s+in\s*\((?<keys>[^)]*)\)""", RegexOptions.IgnoreCase)]
    private static partial Regex ProjectIn();

    [GeneratedRegex("""project\s*=\s*"?(?<key>[A-Za-z0-9_]+)"?""", RegexOptions.IgnoreCase)]
    private static partial Regex ProjectIs();

    [GeneratedRegex("""\b(?:id|issuekey|issue|key)\s*=\s*"?(?<id>[A-Za-z0-9_-]+)"?""", RegexOptions.IgnoreCase)]
    private static partial Regex OneIssue();

    [GeneratedRegex("""order\s+by\s+created""", RegexOptions.IgnoreCase)]
    private static partial Regex OrderByCreated();

    public static IReadOnlyList<FakeJiraIssue> Apply(string jql, IEnumerable<FakeJiraIssue> issues)
    {
        var matching = issues;
        if (UpdatedSince().Match(jql) is { Success: true } since)
        {
            var at = DateTimeOffset.ParseExact(since.Groups["at"].Value, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            matching = matching.Where(i => i.Updated >= at);
        }
        if (ProjectIn().Match(jql) is { Success: true } inList)
        {
            var keys = inList.Groups["keys"].Value.Split(',').Select(k => k.Trim().Trim('"')).ToHashSet(StringComparer.OrdinalIgnoreCase);
            matching = matching.Where(i => keys.Contains(i.ProjectKey));
        }
        else if (ProjectIs().Match(jql) is { Success: true } one)
        {
            matching = matching.Where(i => string.Equals(i.ProjectKey, one.Groups["key"].Value, StringComparison.OrdinalIgnoreCase));
        }
        if (OneIssue().Match(jql) is { Success: true } single)
        {
            var id = single.Groups["id"].Value;
            matching = matching.Where(i => i.Id == id
                || string.Equals(i.Key, id, StringComparison.OrdinalIgnoreCase)
                || i.FormerKeys.Contains(id, StringComparer.OrdinalIgnoreCase));
        }
        var ordered = OrderByCreated().IsMatch(jql)
            ? matching.OrderBy(i => i.Created).ThenBy(i => i.Key, StringComparer.Ordinal)
            : matching.OrderBy(i => i.Updated).ThenBy(i => i.Key, StringComparer.Ordinal);
        return ordered.ToList();
    }
}
