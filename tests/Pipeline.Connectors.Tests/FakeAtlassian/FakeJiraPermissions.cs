using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Pipeline.Connectors.Tests.FakeAtlassian;

/// <summary>
/// Who may see what on the fake Jira site, with the endpoints that tell, in the payload shapes Jira Cloud documents:
/// each project's permission scheme and its grants, project role actors, project leads, issue security schemes and
/// their level members, groups and accounts, the service account's own permissions (<c>mypermissions</c>), and
/// <c>issue/bulkfetch</c>. Every project uses <see cref="FakeJiraPermissionScheme.Default"/> (Browse for anyone)
/// until a test gives it its own.
/// </summary>
public sealed partial class FakeJira
{
    private readonly FakeJiraPermissionScheme _defaultScheme = FakeJiraPermissionScheme.Default();
    private readonly ConcurrentDictionary<string, FakeJiraPermissionScheme> _schemeOfProject = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, List<FakeJiraRoleActor>> _roleActors = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _projectLeads = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, FakeJiraSecurityScheme> _securitySchemeOfProject = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, FakeJiraUser> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeJiraGroup> _groups = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _browseRevoked = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _forbiddenIssues = new(StringComparer.OrdinalIgnoreCase);
    private long _nextSchemeId = 10_100;

    /// <summary>Largest page of group members and of security level members (Jira gives 50 at most).</summary>
    public int MemberPageLimit { get; set; } = 50;

    /// <summary>
    /// How <c>mypermissions</c> answers for a project whose Browse was revoked: <c>havePermission: false</c> (the
    /// default), or, when set, 404 as Jira does for a project the account cannot see at all.
    /// </summary>
    public bool RevokedProjectsAnswerNotFound { get; set; }

    /// <summary>
    /// Gives the project its own permission scheme in which Browse projects goes to <paramref name="holders"/> (and
    /// nobody else); the other permissions keep the default grants.
    /// </summary>
    public FakeJiraPermissionScheme GrantBrowse(string projectKey, params FakeJiraHolder[] holders)
    {
        var scheme = _schemeOfProject.GetOrAdd(projectKey, key =>
        {
            var own = new FakeJiraPermissionScheme { Id = Interlocked.Increment(ref _nextSchemeId), Name = $"{key} permission scheme" };
            own.Grants.AddRange(FakeJiraPermissionScheme.OtherGrants());
            return own;
        });
        lock (scheme)
        {
            scheme.Grants.RemoveAll(g => g.Permission == FakeJiraPermissionScheme.BrowseProjects);
            scheme.Grants.AddRange(holders.Select(h => (FakeJiraPermissionScheme.BrowseProjects, h)));
        }
        return scheme;
    }

    /// <summary>Adds actors to a project role in one project (the role exists from then on).</summary>
    public void AddRoleActors(string projectKey, string roleId, params FakeJiraRoleActor[] actors)
    {
        var list = _roleActors.GetOrAdd(RoleKey(projectKey, roleId), _ => []);
        lock (list)
        {
            list.AddRange(actors);
        }
    }

    /// <summary>Empties a project role in one project (it stays defined).</summary>
    public void ClearRoleActors(string projectKey, string roleId)
    {
        if (_roleActors.TryGetValue(RoleKey(projectKey, roleId), out var list))
        {
            lock (list)
            {
                list.Clear();
            }
        }
    }

    public void SetProjectLead(string projectKey, string accountId) => _projectLeads[projectKey] = accountId;

    /// <summary>Adds a level with these members to the project's issue security scheme (created on first use).</summary>
    public FakeJiraSecurityLevel AddSecurityLevel(string projectKey, string levelId, string name, params FakeJiraHolder[] members)
    {
        var scheme = _securitySchemeOfProject.GetOrAdd(projectKey, _ => new FakeJiraSecurityScheme { Id = Interlocked.Increment(ref _nextSchemeId) });
        var level = new FakeJiraSecurityLevel(levelId, name);
        level.Members.AddRange(members);
        lock (scheme)
        {
            scheme.Levels.RemoveAll(l => l.Id == levelId);
            scheme.Levels.Add(level);
        }
        return level;
    }

    /// <summary>Puts the issue under a level of its project's security scheme (null: under none).</summary>
    public void SetSecurityLevel(string issueKey, string? levelId)
    {
        var issue = Issue(issueKey);
        issue.Security = levelId is null
            ? null
            : _securitySchemeOfProject[issue.ProjectKey].Levels.Single(l => l.Id == levelId);
    }

    public FakeJiraUser AddUser(string accountId, string? email = null) => _users[accountId] = new FakeJiraUser(accountId, email);

    /// <param name="id">The group id (Cloud ids are UUIDs).</param>
    public FakeJiraGroup AddGroup(string name, string id, params string[] memberAccountIds)
    {
        var group = new FakeJiraGroup { Name = name, Id = id };
        group.Members.AddRange(memberAccountIds);
        _groups[id] = group;
        return group;
    }

    /// <summary>The service account loses Browse projects on the project: its issues answer 404 and leave searches and bulk fetches.</summary>
    public void RevokeBrowse(string projectKey) => _browseRevoked[projectKey] = 0;

    public void RestoreBrowse(string projectKey) => _browseRevoked.TryRemove(projectKey, out _);

    /// <summary>The issue answers 403 (it is there, closed to the service account) and leaves bulk fetches.</summary>
    public void ForbidIssue(string issueKey) => _forbiddenIssues[issueKey] = 0;

    /// <summary>How many requests arrived for each path (query strings aside), e.g. <c>/rest/api/3/issue/bulkfetch</c>.</summary>
    public IReadOnlyDictionary<string, int> RequestsPerPath() =>
        Requests.GroupBy(r => r.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    /// <summary>How many requests arrived for paths starting with <paramref name="pathPrefix"/>.</summary>
    public int RequestsTo(string pathPrefix) => Requests.Count(r => r.Path.StartsWith(pathPrefix, StringComparison.Ordinal));

    private static string RoleKey(string projectKey, string roleId) => $"{projectKey}\n{roleId}";

    private bool CanBrowse(string projectKey) => !_browseRevoked.ContainsKey(projectKey);

    /// <summary>Whether the service account sees the issue (a search, a bulk fetch).</summary>
    private bool Visible(FakeJiraIssue issue) => CanBrowse(issue.ProjectKey) && !_forbiddenIssues.ContainsKey(issue.Key);

    private bool ProjectExists(string projectKey) =>
        _issues.Values.Any(i => string.Equals(i.ProjectKey, projectKey, StringComparison.OrdinalIgnoreCase))
        || _projectsWithDeletions.ContainsKey(projectKey)
        || _schemeOfProject.ContainsKey(projectKey) || _securitySchemeOfProject.ContainsKey(projectKey) || _projectLeads.ContainsKey(projectKey);

    private FakeJiraPermissionScheme SchemeOf(string projectKey) => _schemeOfProject.TryGetValue(projectKey, out var own) ? own : _defaultScheme;

    private void MapPermissions(WebApplication app)
    {
        app.MapPost("/rest/api/3/issue/bulkfetch", (RequestDelegate)BulkFetchAsync);
        app.MapGet("/rest/api/{version}/mypermissions", (RequestDelegate)MyPermissionsAsync);
        app.MapGet("/rest/api/{version}/project/{projectKey}", (RequestDelegate)ProjectAsync);
        app.MapGet("/rest/api/{version}/project/{projectKey}/permissionscheme", (RequestDelegate)ProjectPermissionSchemeAsync);
        app.MapGet("/rest/api/{version}/permissionscheme/{schemeId}/permission", (RequestDelegate)PermissionGrantsAsync);
        app.MapGet("/rest/api/{version}/project/{projectKey}/role/{roleId}", (RequestDelegate)ProjectRoleAsync);
        app.MapGet("/rest/api/{version}/project/{projectKey}/issuesecuritylevelscheme", (RequestDelegate)ProjectSecuritySchemeAsync);
        app.MapGet("/rest/api/{version}/issuesecurityschemes/{schemeId}/members", (RequestDelegate)SecurityLevelMembersAsync);
        app.MapGet("/rest/api/{version}/group/member", (RequestDelegate)GroupMembersAsync);
        app.MapGet("/rest/api/{version}/user/bulk", (RequestDelegate)UsersAsync);
        app.MapGet("/rest/api/{version}/user", (RequestDelegate)UserAsync);
    }

    // POST issue/bulkfetch: up to 100 ids or keys; issues the account cannot see or that do not exist are left out
    // (not listed as errors), the rest come in ascending id order.
    private async Task BulkFetchAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var root = body.RootElement;
        var wanted = root.TryGetProperty("issueIdsOrKeys", out var ids) ? ids.EnumerateArray().Select(i => i.GetString() ?? "").ToList() : [];
        if (wanted.Count is 0 or > 100)
        {
            await JsonAsync(context, new JsonObject { ["errorMessages"] = new JsonArray("Provide between 1 and 100 issue ids or keys."), ["errors"] = new JsonObject() }, StatusCodes.Status400BadRequest);
            return;
        }
        var fields = root.TryGetProperty("fields", out var list)
            ? list.EnumerateArray().Select(f => f.GetString()!).ToHashSet(StringComparer.Ordinal)
            : null;
        var found = wanted.Select(Find).OfType<FakeJiraIssue>().Where(Visible).DistinctBy(i => i.Id)
            .OrderBy(i => long.Parse(i.Id, CultureInfo.InvariantCulture)).ToList();
        await JsonAsync(context, new JsonObject
        {
            ["expand"] = "",
            ["issues"] = new JsonArray(found.Select(i => (JsonNode)i.ToJson(BaseUrl, "rest/api/3", fields, EmbeddedCommentLimit)).ToArray()),
            ["issueErrors"] = new JsonArray(),
        });
    }

    private async Task MyPermissionsAsync(HttpContext context)
    {
        var asked = context.Request.Query["permissions"].FirstOrDefault();
        if (string.IsNullOrEmpty(asked))
        {
            await JsonAsync(context, new JsonObject { ["errorMessages"] = new JsonArray("The 'permissions' query parameter is required."), ["errors"] = new JsonObject() }, StatusCodes.Status400BadRequest);
            return;
        }
        var project = context.Request.Query["projectKey"].FirstOrDefault();
        if (project is not null && (!ProjectExists(project) || (!CanBrowse(project) && RevokedProjectsAnswerNotFound)))
        {
            await NotFoundAsync(context, $"No project could be found with key '{project}'.");
            return;
        }
        var permissions = new JsonObject();
        foreach (var key in asked.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            permissions[key] = new JsonObject
            {
                ["id"] = key == FakeJiraPermissionScheme.BrowseProjects ? "10" : "0",
                ["key"] = key,
                ["name"] = key == FakeJiraPermissionScheme.BrowseProjects ? "Browse Projects" : key,
                ["type"] = "PROJECT",
                ["description"] = "Ability to browse projects and the issues within them.",
                ["havePermission"] = key == FakeJiraPermissionScheme.BrowseProjects && (project is null || CanBrowse(project)),
            };
        }
        await JsonAsync(context, new JsonObject { ["permissions"] = permissions });
    }

    private async Task ProjectAsync(HttpContext context)
    {
        var key = (string)context.Request.RouteValues["projectKey"]!;
        if (!ProjectExists(key))
        {
            await NotFoundAsync(context, "No project could be found with key '" + key + "'.");
            return;
        }
        var project = new JsonObject
        {
            ["self"] = new Uri(BaseUrl, $"rest/api/3/project/{key}").ToString(),
            ["id"] = (10_000 + Math.Abs(StringComparer.OrdinalIgnoreCase.GetHashCode(key) % 1000)).ToString(CultureInfo.InvariantCulture),
            ["key"] = key.ToUpperInvariant(),
            ["name"] = key + " project",
            ["projectTypeKey"] = "software",
            ["simplified"] = false,
            ["style"] = "classic",
        };
        if (_projectLeads.TryGetValue(key, out var lead))
        {
            project["lead"] = new JsonObject { ["accountId"] = lead, ["displayName"] = "User " + lead, ["active"] = true };
        }
        await JsonAsync(context, project);
    }

    private async Task ProjectPermissionSchemeAsync(HttpContext context)
    {
        var key = (string)context.Request.RouteValues["projectKey"]!;
        if (!ProjectExists(key))
        {
            await NotFoundAsync(context, "No project could be found with key '" + key + "'.");
            return;
        }
        var scheme = SchemeOf(key);
        await JsonAsync(context, new JsonObject
        {
            ["expand"] = "permissions,user,group,projectRole,field,all",
            ["id"] = scheme.Id,
            ["self"] = new Uri(BaseUrl, $"rest/api/3/permissionscheme/{scheme.Id}").ToString(),
            ["name"] = scheme.Name,
            ["description"] = "",
        });
    }

    private async Task PermissionGrantsAsync(HttpContext context)
    {
        var id = (string)context.Request.RouteValues["schemeId"]!;
        var scheme = _defaultScheme.Id.ToString(CultureInfo.InvariantCulture) == id
            ? _defaultScheme
            : _schemeOfProject.Values.FirstOrDefault(s => s.Id.ToString(CultureInfo.InvariantCulture) == id);
        if (scheme is null)
        {
            await NotFoundAsync(context, "The permission scheme does not exist.");
            return;
        }
        List<(string Permission, FakeJiraHolder Holder)> grants;
        lock (scheme)
        {
            grants = scheme.Grants.ToList();
        }
        await JsonAsync(context, new JsonObject
        {
            ["expand"] = "user,group,permissions,projectRole,field,all",
            ["permissions"] = new JsonArray(grants.Select((g, n) => (JsonNode)new JsonObject
            {
                ["id"] = 10_000 + n,
                ["self"] = new Uri(BaseUrl, $"rest/api/3/permissionscheme/{scheme.Id}/permission/{10_000 + n}").ToString(),
                ["holder"] = g.Holder.ToJson(),
                ["permission"] = g.Permission,
            }).ToArray()),
        });
    }

    private async Task ProjectRoleAsync(HttpContext context)
    {
        var project = (string)context.Request.RouteValues["projectKey"]!;
        var roleId = (string)context.Request.RouteValues["roleId"]!;
        if (!ProjectExists(project) || !_roleActors.TryGetValue(RoleKey(project, roleId), out var list))
        {
            await NotFoundAsync(context, "The project role does not exist.");
            return;
        }
        List<FakeJiraRoleActor> actors;
        lock (list)
        {
            actors = list.ToList();
        }
        await JsonAsync(context, new JsonObject
        {
            ["self"] = new Uri(BaseUrl, $"rest/api/3/project/{project}/role/{roleId}").ToString(),
            ["name"] = "Role " + roleId,
            ["id"] = long.Parse(roleId, CultureInfo.InvariantCulture),
            ["description"] = "",
            ["actors"] = new JsonArray(actors.Select((a, n) => (JsonNode)a.ToJson(20_000 + n)).ToArray()),
        });
    }

    private async Task ProjectSecuritySchemeAsync(HttpContext context)
    {
        var project = (string)context.Request.RouteValues["projectKey"]!;
        if (!_securitySchemeOfProject.TryGetValue(project, out var scheme))
        {
            await NotFoundAsync(context, "The project has no issue security scheme.");
            return;
        }
        List<FakeJiraSecurityLevel> levels;
        lock (scheme)
        {
            levels = scheme.Levels.ToList();
        }
        await JsonAsync(context, new JsonObject
        {
            ["self"] = new Uri(BaseUrl, $"rest/api/3/issuesecurityschemes/{scheme.Id}").ToString(),
            ["id"] = scheme.Id,
            ["name"] = project + " security scheme",
            ["description"] = "",
            ["defaultSecurityLevelId"] = levels.FirstOrDefault()?.Id is { } first ? long.Parse(first, CultureInfo.InvariantCulture) : null,
            ["levels"] = new JsonArray(levels.Select(l => (JsonNode)new JsonObject
            {
                ["self"] = new Uri(BaseUrl, $"rest/api/3/securitylevel/{l.Id}").ToString(),
                ["id"] = l.Id,
                ["description"] = "",
                ["name"] = l.Name,
            }).ToArray()),
        });
    }

    // GET issuesecurityschemes/{id}/members?issueSecurityLevelId=…: PageBeanIssueSecurityLevelMember, offset paged.
    private async Task SecurityLevelMembersAsync(HttpContext context)
    {
        var id = (string)context.Request.RouteValues["schemeId"]!;
        var scheme = _securitySchemeOfProject.Values.FirstOrDefault(s => s.Id.ToString(CultureInfo.InvariantCulture) == id);
        if (scheme is null)
        {
            await NotFoundAsync(context, "The issue security scheme does not exist.");
            return;
        }
        var levelIds = context.Request.Query["issueSecurityLevelId"].OfType<string>().ToHashSet(StringComparer.Ordinal);
        List<(FakeJiraSecurityLevel Level, FakeJiraHolder Holder)> members;
        lock (scheme)
        {
            members = scheme.Levels.Where(l => levelIds.Count == 0 || levelIds.Contains(l.Id))
                .SelectMany(l => l.Members.Select(m => (l, m))).ToList();
        }
        var startAt = IntQuery(context, "startAt", 0);
        var size = Math.Min(IntQuery(context, "maxResults", 50), MemberPageLimit);
        var page = members.Skip(startAt).Take(size).ToList();
        await JsonAsync(context, new JsonObject
        {
            ["maxResults"] = size,
            ["startAt"] = startAt,
            ["total"] = members.Count,
            ["isLast"] = startAt + page.Count >= members.Count,
            ["values"] = new JsonArray(page.Select((m, n) => (JsonNode)new JsonObject
            {
                ["id"] = (30_000 + startAt + n).ToString(CultureInfo.InvariantCulture),
                ["issueSecurityLevelId"] = m.Level.Id,
                ["holder"] = m.Holder.ToJson(),
            }).ToArray()),
        });
    }

    // GET group/member?groupId=…|groupname=…: PageBeanUserDetails, offset paged, e-mail where the profile shows it.
    private async Task GroupMembersAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var group = query["groupId"].FirstOrDefault() is { } id
            ? _groups.GetValueOrDefault(id)
            : query["groupname"].FirstOrDefault() is { } name ? _groups.Values.FirstOrDefault(g => g.Name == name) : null;
        if (group is null)
        {
            await NotFoundAsync(context, "Specified group does not exist.");
            return;
        }
        var version = (string)context.Request.RouteValues["version"]!;
        var startAt = IntQuery(context, "startAt", 0);
        var size = Math.Min(IntQuery(context, "maxResults", 50), MemberPageLimit);
        var page = group.Members.Skip(startAt).Take(size).ToList();
        var isLast = startAt + page.Count >= group.Members.Count;
        var answer = new JsonObject
        {
            ["self"] = new Uri(BaseUrl, $"rest/api/{version}/group/member?groupId={group.Id}&startAt={startAt}&maxResults={size}").ToString(),
            ["maxResults"] = size,
            ["startAt"] = startAt,
            ["total"] = group.Members.Count,
            ["isLast"] = isLast,
            ["values"] = new JsonArray(page.Select(a => (JsonNode)(_users.GetValueOrDefault(a) ?? new FakeJiraUser(a)).ToJson(BaseUrl, $"rest/api/{version}")).ToArray()),
        };
        if (!isLast)
        {
            answer["nextPage"] = new Uri(BaseUrl, $"rest/api/{version}/group/member?groupId={group.Id}&startAt={startAt + page.Count}&maxResults={size}").ToString();
        }
        await JsonAsync(context, answer);
    }

    // GET user/bulk?accountId=…&accountId=…: PageBeanUser of the accounts the site knows.
    private async Task UsersAsync(HttpContext context)
    {
        var version = (string)context.Request.RouteValues["version"]!;
        var known = context.Request.Query["accountId"].OfType<string>().Distinct(StringComparer.Ordinal)
            .Select(a => _users.GetValueOrDefault(a)).OfType<FakeJiraUser>().ToList();
        var startAt = IntQuery(context, "startAt", 0);
        var size = IntQuery(context, "maxResults", 10);
        var page = known.Skip(startAt).Take(size).ToList();
        await JsonAsync(context, new JsonObject
        {
            ["maxResults"] = size,
            ["startAt"] = startAt,
            ["total"] = known.Count,
            ["isLast"] = startAt + page.Count >= known.Count,
            ["values"] = new JsonArray(page.Select(u => (JsonNode)u.ToJson(BaseUrl, $"rest/api/{version}")).ToArray()),
        });
    }

    private async Task UserAsync(HttpContext context)
    {
        var version = (string)context.Request.RouteValues["version"]!;
        var id = context.Request.Query["accountId"].FirstOrDefault() ?? context.Request.Query["username"].FirstOrDefault();
        if (id is null || !_users.TryGetValue(id, out var user))
        {
            await NotFoundAsync(context, "The user does not exist.");
            return;
        }
        await JsonAsync(context, user.ToJson(BaseUrl, $"rest/api/{version}"));
    }
}
