using System.Globalization;
using Pipeline.Connectors.Atlassian;

namespace Pipeline.Connectors.Jira;

/// <summary>The JQL of the source's listings: its scope, bounded and ordered so paging is stable.</summary>
internal static class JiraQuery
{
    public static string Scope(JiraOptions options) =>
        !string.IsNullOrWhiteSpace(options.Jql)
            ? options.Jql.Trim()
            : $"project in ({string.Join(", ", options.Projects.Select(Quoted))})";

    /// <summary>
    /// Everything in scope. Cloud pages by token (a cursor over the sort keys), so ordering by <c>updated</c> is
    /// safe; Data Center pages by offset, where an issue updated mid-listing would shift the rest and one would be
    /// skipped — and then deleted — so there the order is by the immutable <c>created</c>.
    /// </summary>
    public static string Full(JiraOptions options) =>
        options.Deployment == AtlassianDeployment.Cloud
            ? $"({Scope(options)}) ORDER BY updated ASC, key ASC"
            : $"({Scope(options)}) ORDER BY created ASC, key ASC";

    /// <summary>Issues updated at or after <paramref name="since"/> minus the overlap, oldest first.</summary>
    public static string ChangedSince(JiraOptions options, DateTimeOffset since) =>
        $"({Scope(options)}) AND updated >= \"{Literal(since - TimeSpan.FromMinutes(options.OverlapMinutes), options.SearchZone)}\" ORDER BY updated ASC, key ASC";

    /// <summary>
    /// The one issue, if the source's scope still holds it. By numeric id, which never fails to parse: a key that
    /// does not exist (or no longer does) makes JQL answer 400 rather than an empty result.
    /// </summary>
    public static string InScope(JiraOptions options, string issueId) =>
        $"({Scope(options)}) AND id = {long.Parse(issueId, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>
    /// A JQL date literal: minute precision, truncated (earlier, never later), in the zone Jira reads it in.
    /// </summary>
    public static string Literal(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Quoted(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
