using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Connectors.Atlassian;
using Pipeline.Core.Access;

namespace Pipeline.Connectors.Jira;

/// <summary>
/// The Jira REST calls access needs: issues' access fields in bulk, a project's permission scheme and its Browse
/// grants, project role actors, the project lead, issue security levels and their members, the service account's own
/// Browse permission, group members and accounts. Configuration reads answer null on 404 and throw
/// <see cref="AccessLostException"/> on 403, so the caller tells "cannot be read" apart from a failing site.
/// </summary>
public sealed partial class JiraClient
{
    private const string BrowseProjects = "BROWSE_PROJECTS";

    private bool IsCloud => _options.Deployment == AtlassianDeployment.Cloud;

    /// <summary>
    /// The access fields of up to <see cref="JiraAccessBounds.IssuesPerBulkRequest"/> issues in one request, under
    /// their current keys. Issues Jira does not return (deleted, closed to the account, or failed on its side) are
    /// simply absent: the caller looks those up one by one.
    /// </summary>
    public async Task<IReadOnlyList<JiraIssueAccessFields>> GetAccessFieldsAsync(IReadOnlyList<string> issueKeys, CancellationToken cancellationToken)
    {
        if (issueKeys.Count == 0)
        {
            return [];
        }
        if (issueKeys.Count > JiraAccessBounds.IssuesPerBulkRequest)
        {
            throw new ArgumentOutOfRangeException(nameof(issueKeys), issueKeys.Count, $"at most {JiraAccessBounds.IssuesPerBulkRequest} issues per request");
        }
        if (IsCloud)
        {
            var request = new JsonObject
            {
                ["issueIdsOrKeys"] = new JsonArray(issueKeys.Select(k => (JsonNode)k).ToArray()),
                ["fields"] = AccessFieldList(),
            };
            using var answer = await _rest.PostAsync($"{Api}/issue/bulkfetch", request, cancellationToken);
            return AccessFieldsOf(answer.Root, out _);
        }
        return await SearchAccessFieldsAsync(issueKeys, cancellationToken);
    }

    // Data Center has no bulk fetch: a search by key, told to warn rather than fail about keys that no longer exist.
    private async Task<IReadOnlyList<JiraIssueAccessFields>> SearchAccessFieldsAsync(IReadOnlyList<string> issueKeys, CancellationToken cancellationToken)
    {
        var found = new List<JiraIssueAccessFields>();
        var jql = $"key in ({string.Join(", ", issueKeys.Where(JiraIssueKey.IsKey).Select(k => $"\"{k}\""))})";
        var startAt = 0;
        // Never more pages than issues asked for: a site that keeps answering cannot keep this loop going.
        for (var pages = 0; pages <= issueKeys.Count; pages++)
        {
            var request = new JsonObject
            {
                ["jql"] = jql,
                ["startAt"] = startAt,
                ["maxResults"] = issueKeys.Count,
                ["fields"] = AccessFieldList(),
                ["validateQuery"] = "warn",
            };
            using var page = await _rest.PostAsync($"{Api}/search", request, cancellationToken);
            found.AddRange(AccessFieldsOf(page.Root, out var received));
            startAt += received;
            if (received == 0 || JsonLookup.Long(page.Root, "total") is not { } total || startAt >= total)
            {
                break;
            }
        }
        return found;
    }

    /// <summary>One issue's access fields under its current key; null on 404, <see cref="AccessLostException"/> on 403.</summary>
    public async Task<JiraIssueAccessFields?> FindAccessFieldsAsync(string issueKey, CancellationToken cancellationToken)
    {
        using var response = await _rest.FindAsync(
            $"{Api}/issue/{Uri.EscapeDataString(issueKey)}?fields={string.Join(',', JiraIssueAccessFields.Names)}", cancellationToken);
        if (response is null)
        {
            return null;
        }
        return AccessFieldsOf(response.Root) ?? throw new SourceResponseException("malformed", $"Jira's answer for issue {issueKey} has no key or fields");
    }

    /// <summary>
    /// Whether the service account holds Browse projects on the project (<c>mypermissions</c>). A project it cannot
    /// see answers 404 there, which counts as not holding it: the account cannot tell a deleted project from one
    /// closed to it, and losing access is the answer that deletes nothing.
    /// </summary>
    public async Task<bool> HasBrowseAsync(string projectKey, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _rest.FindAsync(
                $"{Api}/mypermissions?projectKey={Uri.EscapeDataString(projectKey)}&permissions={BrowseProjects}", cancellationToken);
            if (response is null)
            {
                return false;
            }
            var browse = JsonLookup.Property(response.Root, "permissions") is { } permissions ? JsonLookup.Property(permissions, BrowseProjects) : null;
            return (browse is { } granted ? JsonLookup.Bool(granted, "havePermission") : null)
                ?? throw new SourceResponseException("malformed", $"Jira's permissions for project {projectKey} do not say whether it may be browsed");
        }
        catch (AccessLostException)
        {
            return false;
        }
    }

    /// <summary>The id of the permission scheme the project uses; null when the project is not found.</summary>
    public async Task<string?> FindPermissionSchemeIdAsync(string projectKey, CancellationToken cancellationToken)
    {
        using var response = await _rest.FindAsync($"{Api}/project/{Uri.EscapeDataString(projectKey)}/permissionscheme", cancellationToken);
        if (response is null)
        {
            return null;
        }
        return JsonLookup.String(response.Root, "id")
            ?? throw new SourceResponseException("malformed", $"Jira's permission scheme of project {projectKey} has no id");
    }

    /// <summary>The holders of the scheme's Browse projects grants; null when the scheme is not found.</summary>
    public async Task<IReadOnlyList<JiraPermissionHolder>?> FindBrowseHoldersAsync(string schemeId, CancellationToken cancellationToken)
    {
        using var response = await _rest.FindAsync($"{Api}/permissionscheme/{Uri.EscapeDataString(schemeId)}/permission", cancellationToken);
        if (response is null)
        {
            return null;
        }
        if (JsonLookup.Property(response.Root, "permissions") is not { ValueKind: JsonValueKind.Array })
        {
            throw new SourceResponseException("malformed", $"Jira's permission scheme {schemeId} lists no grants");
        }
        return JsonLookup.Array(response.Root, "permissions")
            .Where(grant => JsonLookup.String(grant, "permission") == BrowseProjects)
            .Select(JiraPermissionHolder.From)
            .ToList();
    }

    /// <summary>The actors of a project role in one project; null when the project or the role is not found.</summary>
    public async Task<IReadOnlyList<JiraRoleActor>?> FindRoleActorsAsync(string projectKey, string roleId, CancellationToken cancellationToken)
    {
        using var response = await _rest.FindAsync(
            $"{Api}/project/{Uri.EscapeDataString(projectKey)}/role/{Uri.EscapeDataString(roleId)}", cancellationToken);
        return response is null ? null : JsonLookup.Array(response.Root, "actors").Select(JiraRoleActor.From).ToList();
    }

    /// <summary>The project with its lead; null when it is not found.</summary>
    public async Task<JiraProject?> FindProjectAsync(string projectKey, CancellationToken cancellationToken)
    {
        using var response = await _rest.FindAsync($"{Api}/project/{Uri.EscapeDataString(projectKey)}", cancellationToken);
        if (response is null)
        {
            return null;
        }
        var lead = JsonLookup.Property(response.Root, "lead") is { ValueKind: JsonValueKind.Object } person
            ? JsonLookup.String(person, "accountId") ?? JsonLookup.String(person, "name")
            : null;
        return new JiraProject(JsonLookup.String(response.Root, "key") ?? projectKey, string.IsNullOrWhiteSpace(lead) ? null : lead);
    }

    /// <summary>The issue security scheme the project uses; null when it has none (or is not found).</summary>
    public async Task<JiraSecurityScheme?> FindSecuritySchemeAsync(string projectKey, CancellationToken cancellationToken)
    {
        using var response = await _rest.FindAsync($"{Api}/project/{Uri.EscapeDataString(projectKey)}/issuesecuritylevelscheme", cancellationToken);
        if (response is null)
        {
            return null;
        }
        var id = JsonLookup.String(response.Root, "id")
            ?? throw new SourceResponseException("malformed", $"Jira's issue security scheme of project {projectKey} has no id");
        var levels = JsonLookup.Array(response.Root, "levels").Select(l => JsonLookup.String(l, "id")).OfType<string>().ToList();
        return new JiraSecurityScheme(id, levels);
    }

    /// <summary>
    /// The members of one security level, paged (<c>issuesecurityschemes/{scheme}/members?issueSecurityLevelId=</c>);
    /// null when the scheme is not found. Cloud only: Data Center has no such endpoint and answers 404.
    /// </summary>
    public async Task<JiraLevelMembers?> FindLevelMembersAsync(string schemeId, string levelId, CancellationToken cancellationToken)
    {
        var holders = new List<JiraPermissionHolder>();
        var startAt = 0;
        const int pageLimit = JiraAccessBounds.MaxLevelMembers / JiraAccessBounds.MembersPerPage + 1;
        for (var pages = 0; pages < pageLimit; pages++)
        {
            using var page = await _rest.FindAsync(
                $"{Api}/issuesecurityschemes/{Uri.EscapeDataString(schemeId)}/members?issueSecurityLevelId={Uri.EscapeDataString(levelId)}"
                + $"&startAt={startAt}&maxResults={JiraAccessBounds.MembersPerPage}", cancellationToken);
            if (page is null)
            {
                return pages == 0 ? null : throw new SourceResponseException("malformed", $"Jira stopped serving the members of security level {levelId} mid-way");
            }
            var received = 0;
            foreach (var member in JsonLookup.Array(page.Root, "values"))
            {
                received++;
                // The filter is asked for; a member of another level is still left out, should the site ignore it.
                if (JsonLookup.String(member, "issueSecurityLevelId") is { } level && level != levelId)
                {
                    continue;
                }
                holders.Add(JiraPermissionHolder.From(member));
            }
            startAt += received;
            if (holders.Count > JiraAccessBounds.MaxLevelMembers)
            {
                return new JiraLevelMembers(holders, Truncated: true);
            }
            if (received == 0 || IsLastPage(page.Root, startAt))
            {
                return new JiraLevelMembers(holders, Truncated: false);
            }
        }
        return new JiraLevelMembers(holders, Truncated: true);
    }

    /// <summary>
    /// The members of a group, paged, up to <paramref name="max"/>; null when there is no such group. The group is
    /// named by id on Cloud (group ids are UUIDs) and by name otherwise, as Data Center and name-only grants do.
    /// A 403 throws <see cref="AccessLostException"/>.
    /// </summary>
    public async Task<JiraGroupMembers?> FindGroupMembersAsync(string group, int max, CancellationToken cancellationToken)
    {
        var named = IsCloud && Guid.TryParse(group, out _) ? "groupId=" : "groupname=";
        var members = new List<JiraAccount>();
        var startAt = 0;
        var pageLimit = max / JiraAccessBounds.MembersPerPage + 1;
        for (var pages = 0; pages < pageLimit; pages++)
        {
            using var page = await _rest.FindAsync(
                $"{Api}/group/member?{named}{Uri.EscapeDataString(group)}&startAt={startAt}&maxResults={JiraAccessBounds.MembersPerPage}&includeInactiveUsers=false",
                cancellationToken);
            if (page is null)
            {
                return pages == 0 ? null : new JiraGroupMembers(members, Truncated: true);
            }
            var received = 0;
            foreach (var value in JsonLookup.Array(page.Root, "values"))
            {
                received++;
                if (Account(value) is { } account)
                {
                    members.Add(account);
                }
            }
            startAt += received;
            if (members.Count >= max)
            {
                var more = members.Count > max || !IsLastPage(page.Root, startAt);
                return new JiraGroupMembers(members.Take(max).ToList(), more);
            }
            if (received == 0 || IsLastPage(page.Root, startAt))
            {
                return new JiraGroupMembers(members, Truncated: false);
            }
        }
        return new JiraGroupMembers(members, Truncated: true);
    }

    /// <summary>
    /// The accounts of these ids as the site shows them (e-mail only where the profile exposes it). Cloud asks
    /// <c>user/bulk</c> for <see cref="JiraAccessBounds.UsersPerBulkRequest"/> at a time; Data Center looks each
    /// up by user name. Ids the site does not know are left out; a 403 throws <see cref="AccessLostException"/>.
    /// </summary>
    public async Task<IReadOnlyList<JiraAccount>> GetAccountsAsync(IReadOnlyList<string> accountIds, CancellationToken cancellationToken)
    {
        var accounts = new List<JiraAccount>();
        if (!IsCloud)
        {
            foreach (var name in accountIds)
            {
                using var user = await _rest.FindAsync($"{Api}/user?username={Uri.EscapeDataString(name)}", cancellationToken);
                if (user is not null && Account(user.Root) is { } account)
                {
                    accounts.Add(account);
                }
            }
            return accounts;
        }
        foreach (var batch in accountIds.Chunk(JiraAccessBounds.UsersPerBulkRequest))
        {
            var ids = string.Join('&', batch.Select(id => "accountId=" + Uri.EscapeDataString(id)));
            var startAt = 0;
            // A batch fits one page; the loop only covers a site that pages smaller, and never runs past the batch.
            for (var pages = 0; pages < batch.Length; pages++)
            {
                using var page = await _rest.FindAsync(
                    $"{Api}/user/bulk?{ids}&startAt={startAt}&maxResults={JiraAccessBounds.UsersPerBulkRequest}", cancellationToken);
                if (page is null)
                {
                    break;
                }
                var received = 0;
                foreach (var value in JsonLookup.Array(page.Root, "values"))
                {
                    received++;
                    if (Account(value) is { } account)
                    {
                        accounts.Add(account);
                    }
                }
                startAt += received;
                if (received == 0 || IsLastPage(page.Root, startAt))
                {
                    break;
                }
            }
        }
        return accounts;
    }

    private static JsonArray AccessFieldList() => new(JiraIssueAccessFields.Names.Select(f => (JsonNode)f).ToArray());

    private static List<JiraIssueAccessFields> AccessFieldsOf(JsonElement answer, out int received)
    {
        var found = new List<JiraIssueAccessFields>();
        received = 0;
        foreach (var issue in JsonLookup.Array(answer, "issues"))
        {
            received++;
            if (AccessFieldsOf(issue) is { } fields)
            {
                found.Add(fields);
            }
        }
        return found;
    }

    private static JiraIssueAccessFields? AccessFieldsOf(JsonElement issue) =>
        JsonLookup.String(issue, "key") is { } key && !string.IsNullOrWhiteSpace(key)
            && JsonLookup.Property(issue, "fields") is { ValueKind: JsonValueKind.Object } fields
            ? JiraIssueAccessFields.From(key, fields)
            : null;

    // Cloud names accounts by accountId, Data Center by name; an e-mail address is kept only when it looks like one.
    private static JiraAccount? Account(JsonElement user)
    {
        var id = JsonLookup.String(user, "accountId") ?? JsonLookup.String(user, "name");
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }
        var email = JsonLookup.String(user, "emailAddress")?.Trim();
        return new JiraAccount(id.Trim(), email is { Length: > 2 } && email.Contains('@', StringComparison.Ordinal) ? email.ToLowerInvariant() : null);
    }

    // Offset pages say isLast (Cloud) or only total (older answers); either ends the loop.
    private static bool IsLastPage(JsonElement page, int startAt) =>
        JsonLookup.Bool(page, "isLast") ?? (JsonLookup.Long(page, "total") is not { } total || startAt >= total);
}
