using Microsoft.Extensions.Logging;
using Pipeline.Core.Access;

namespace Pipeline.Connectors.Jira;

/// <summary>
/// Access of many issues at once, for a permission sync: their access fields a hundred to a request, each project's
/// configuration once (one <see cref="JiraAccessResolver"/> per read, so nothing outlives it), and only the issues
/// the bulk answer left out looked up one by one, to tell a deletion from lost access.
/// </summary>
internal sealed partial class JiraAccessReader(JiraClient client, ILogger logger)
{
    /// <param name="issueKeys">Issue keys as indexed; anything that is not one is <see cref="AccessState.Gone"/>.</param>
    /// <exception cref="Atlassian.SourceResponseException">The site failed to answer (timeout, 5xx…): the sync keeps what it had.</exception>
    public async Task<IReadOnlyDictionary<string, AccessLookup>> ReadAsync(IReadOnlyCollection<string> issueKeys, CancellationToken cancellationToken)
    {
        var resolver = new JiraAccessResolver(client);
        // mypermissions per project, for this read only: a permission sync must see the account's current rights.
        var browse = new JiraAccessMemo<bool>();
        var lookups = new Dictionary<string, AccessLookup>(StringComparer.Ordinal);
        var keys = issueKeys.Distinct(StringComparer.Ordinal).ToList();
        foreach (var notAKey in keys.Where(k => !JiraIssueKey.IsKey(k)))
        {
            lookups[notAKey] = AccessLookup.Gone;
        }
        foreach (var batch in keys.Where(JiraIssueKey.IsKey).Chunk(JiraAccessBounds.IssuesPerBulkRequest))
        {
            var found = new Dictionary<string, JiraIssueAccessFields>(StringComparer.OrdinalIgnoreCase);
            foreach (var fields in await client.GetAccessFieldsAsync(batch, cancellationToken))
            {
                found.TryAdd(fields.Key, fields);
            }
            foreach (var key in batch)
            {
                lookups[key] = found.TryGetValue(key, out var fields)
                    ? await GrantedAsync(resolver, fields, cancellationToken)
                    : await MissingAsync(resolver, browse, key, cancellationToken);
            }
        }
        LogRead(lookups.Count, Count(lookups, AccessState.Granted), Count(lookups, AccessState.Unknown), Count(lookups, AccessState.Lost), Count(lookups, AccessState.Gone));
        return lookups;
    }

    private async Task<AccessLookup> GrantedAsync(JiraAccessResolver resolver, JiraIssueAccessFields issue, CancellationToken cancellationToken)
    {
        try
        {
            return AccessLookup.Granted(await resolver.AccessOfAsync(issue, cancellationToken));
        }
        catch (AccessUnknownException e)
        {
            LogUnknown(issue.Key);
            return AccessLookup.Unknown(e.Message);
        }
    }

    /// <summary>
    /// An issue the bulk answer left out: deleted (404), closed to the account (403), in a project the account can no
    /// longer browse (Jira answers 404 there too, so the project's permission decides), moved to another key, or
    /// left out by a hiccup on Jira's side (then it is there and read like the others).
    /// </summary>
    private async Task<AccessLookup> MissingAsync(JiraAccessResolver resolver, JiraAccessMemo<bool> browse, string key, CancellationToken cancellationToken)
    {
        var project = JiraIssueAccessFields.ProjectOf(key);
        // Asked first: every issue of a project closed to the account then costs nothing more.
        if (!await browse.GetAsync(project.ToUpperInvariant(), token => client.HasBrowseAsync(project, token), cancellationToken))
        {
            LogLost(key, project);
            return AccessLookup.Lost($"issue {key}: the service account no longer has Browse projects on project {project}; access lost, not deleted");
        }
        JiraIssueAccessFields? issue;
        try
        {
            issue = await client.FindAccessFieldsAsync(key, cancellationToken);
        }
        catch (AccessLostException e)
        {
            LogLost(key, project);
            return AccessLookup.Lost($"issue {key}: {e.Message}");
        }
        // Under another key it is listed, and its access read, under that key: this one is gone.
        if (issue is null || !string.Equals(issue.Key, key, StringComparison.OrdinalIgnoreCase))
        {
            return AccessLookup.Gone;
        }
        return await GrantedAsync(resolver, issue, cancellationToken);
    }

    private static int Count(Dictionary<string, AccessLookup> lookups, AccessState state) => lookups.Values.Count(l => l.State == state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Jira access read for {Issues} issues: {Granted} granted, {Unknown} unknown, {Lost} lost, {Gone} gone")]
    private partial void LogRead(int issues, int granted, int unknown, int lost, int gone);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Jira issue {IssueKey}: who may read it cannot be told; held back as access-unknown")]
    private partial void LogUnknown(string issueKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Jira issue {IssueKey}: the service account lost access to it (project {ProjectKey}); hidden, not deleted")]
    private partial void LogLost(string issueKey, string projectKey);
}
