using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Pipeline.Connectors.Tests.FakeAtlassian;

/// <summary>
/// Who may read what on the fake site, served as Atlassian documents it: v2 space permission assignments
/// (<c>GET /wiki/api/v2/spaces/{id}/permissions</c>, cursor-paged), v1 content restrictions
/// (<c>/wiki/rest/api/content/{id}/restriction/byOperation/{read|update}</c>, users and groups offset-paged with
/// <c>start</c>/<c>limit</c>/<c>size</c>), v1 group members (<c>/wiki/rest/api/group/{groupId}/membersByGroupId</c>) and
/// bulk users (<c>/wiki/rest/api/user/bulk</c>). Pages can be closed to the service account (403).
/// </summary>
public sealed partial class FakeConfluence
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<FakeConfluenceSpacePermission>> _spacePermissions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (IReadOnlyList<string> Users, IReadOnlyList<string> Groups)> _readRestrictions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (IReadOnlyList<string> Users, IReadOnlyList<string> Groups)> _editRestrictions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string Name, IReadOnlyList<string> Members)> _groups = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FakeConfluenceUser> _users = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _forbidden = new(StringComparer.Ordinal);

    /// <summary>Largest page of restriction subjects and group members v1 gives ("fixed system limit of 200").</summary>
    public int V1PageLimit { get; set; } = 200;

    /// <summary>
    /// The space's read holders, written as principals: <c>public</c> (anonymous access), <c>all-users</c> (all licensed
    /// users), <c>user:ACCOUNT</c>, <c>group:ID</c>. Each holder also gets <c>create</c> on pages, which must not count as read.
    /// </summary>
    public void SetSpaceReaders(string spaceKey, params string[] principals)
    {
        var permissions = new List<FakeConfluenceSpacePermission>();
        foreach (var principal in principals)
        {
            var (type, id) = principal switch
            {
                "public" => ("access_class", "anonymous-users"),
                "all-users" => ("access_class", "all-licensed-users"),
                _ when principal.StartsWith("user:", StringComparison.Ordinal) => ("user", principal[5..]),
                _ when principal.StartsWith("group:", StringComparison.Ordinal) => ("group", principal[6..]),
                _ => throw new ArgumentException($"'{principal}' is not a principal the fake knows", nameof(principals)),
            };
            permissions.Add(new FakeConfluenceSpacePermission(type, id, "read", "space"));
            permissions.Add(new FakeConfluenceSpacePermission(type, id, "create", "page"));
        }
        _spacePermissions[_spaces[spaceKey]] = permissions;
    }

    /// <summary>One more assignment as v2 would list it, whatever its principal type (<c>role</c>…).</summary>
    public void AddSpacePermission(string spaceKey, string principalType, string principalId, string operationKey = "read", string targetType = "space")
    {
        var spaceId = _spaces[spaceKey];
        _spacePermissions[spaceId] = [.. _spacePermissions.GetValueOrDefault(spaceId, []), new FakeConfluenceSpacePermission(principalType, principalId, operationKey, targetType)];
    }

    /// <summary>A read restriction on the page (or folder) itself: only these accounts and groups may view it and what is below it.</summary>
    public void RestrictRead(string contentId, IEnumerable<string>? users = null, IEnumerable<string>? groups = null) =>
        _readRestrictions[contentId] = ([.. users ?? []], [.. groups ?? []]);

    /// <summary>An edit restriction: it limits who may change the page, not who may read it.</summary>
    public void RestrictEdit(string contentId, IEnumerable<string>? users = null, IEnumerable<string>? groups = null) =>
        _editRestrictions[contentId] = ([.. users ?? []], [.. groups ?? []]);

    public void ClearRestrictions(string contentId)
    {
        _readRestrictions.TryRemove(contentId, out _);
        _editRestrictions.TryRemove(contentId, out _);
    }

    public void AddUser(string accountId, string displayName, string email, bool emailVisible = true) =>
        _users[accountId] = new FakeConfluenceUser(accountId, displayName, email, emailVisible);

    /// <summary>A group by id; members are account ids (added as users when unknown, with hidden e-mail addresses).</summary>
    public void AddGroup(string groupId, string name, params string[] members)
    {
        foreach (var member in members.Where(m => !_users.ContainsKey(m)))
        {
            AddUser(member, "User " + member, member + "@example.invalid", emailVisible: false);
        }
        _groups[groupId] = (name, members);
    }

    /// <summary>The page is still there but closed to the service account: 403 by id, left out of listings.</summary>
    public void Forbid(string pageId) => _forbidden[pageId] = 0;

    public void Allow(string pageId) => _forbidden.TryRemove(pageId, out _);

    private bool IsForbidden(string id) => _forbidden.ContainsKey(id);

    /// <summary>Requests received for this exact path (query ignored).</summary>
    public int RequestCount(string path) => Requests.Count(r => r.Path == path);

    /// <summary>Requests received per endpoint, ids replaced by <c>{id}</c> (e.g. <c>/wiki/api/v2/pages/{id}/ancestors</c>).</summary>
    public IReadOnlyDictionary<string, int> RequestsByEndpoint() =>
        Requests.GroupBy(r => Digits().Replace(r.Path, "{id}")).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    [GeneratedRegex("(?<=/)[0-9]+(?=/|$)", RegexOptions.CultureInvariant)]
    private static partial Regex Digits();

    private void MapPermissions(WebApplication app)
    {
        app.MapGet("/wiki/api/v2/spaces/{spaceId}/permissions", (RequestDelegate)SpacePermissionsAsync);
        app.MapGet("/wiki/rest/api/content/{id}/restriction/byOperation/{operation}", (RequestDelegate)RestrictionAsync);
        app.MapGet("/wiki/rest/api/group/{groupId}/membersByGroupId", (RequestDelegate)GroupMembersAsync);
        app.MapGet("/wiki/rest/api/user/bulk", (RequestDelegate)UsersAsync);
    }

    private Task SpacePermissionsAsync(HttpContext context)
    {
        var spaceId = (string)context.Request.RouteValues["spaceId"]!;
        if (!_spaces.Values.Contains(spaceId))
        {
            return NotFound(context);
        }
        var all = _spacePermissions.GetValueOrDefault(spaceId, []);
        var offset = context.Request.Query["cursor"].FirstOrDefault() is { Length: > 0 } cursor ? Offset(cursor) : 0;
        var limit = Math.Min(IntQuery(context, "limit", 25), PageLimit);
        var page = all.Skip(offset).Take(limit).Select((p, i) => (JsonNode)new JsonObject
        {
            ["id"] = (offset + i + 1).ToString(CultureInfo.InvariantCulture),
            ["principal"] = new JsonObject { ["type"] = p.PrincipalType, ["id"] = p.PrincipalId },
            ["operation"] = new JsonObject { ["key"] = p.OperationKey, ["targetType"] = p.TargetType },
        }).ToArray();
        string? next = null;
        if (offset + page.Length < all.Count)
        {
            next = $"/wiki/api/v2/spaces/{spaceId}/permissions?limit={limit}&cursor={Cursor(offset + page.Length)}";
            context.Response.Headers.Link = $"<{next}>; rel=\"next\", <{BaseUrl}wiki>; rel=\"base\"";
        }
        return JsonAsync(context, new JsonObject { ["results"] = new JsonArray(page), ["_links"] = Links(next) });
    }

    private Task RestrictionAsync(HttpContext context)
    {
        var id = (string)context.Request.RouteValues["id"]!;
        var operation = (string)context.Request.RouteValues["operation"]!;
        if (!_pages.ContainsKey(id))
        {
            return V1NotFound(context, $"No content found with id: ContentId{{id={id}}}");
        }
        if (IsForbidden(id))
        {
            return V1Forbidden(context);
        }
        var (users, groups) = (operation == "read" ? _readRestrictions : _editRestrictions).GetValueOrDefault(id, ([], []));
        var start = IntQuery(context, "start", 0);
        var limit = Math.Min(IntQuery(context, "limit", 100), V1PageLimit);
        var expand = (context.Request.Query["expand"].FirstOrDefault() ?? "").Split(',');
        var restrictions = new JsonObject();
        if (expand.Contains("restrictions.user"))
        {
            var slice = users.Skip(start).Take(limit).Select(u => (JsonNode)UserJson(u)).ToArray();
            restrictions["user"] = new JsonObject { ["results"] = new JsonArray(slice), ["start"] = start, ["limit"] = limit, ["size"] = slice.Length };
        }
        if (expand.Contains("restrictions.group"))
        {
            var slice = groups.Skip(start).Take(limit).Select(g => (JsonNode)GroupJson(g)).ToArray();
            restrictions["group"] = new JsonObject { ["results"] = new JsonArray(slice), ["start"] = start, ["limit"] = limit, ["size"] = slice.Length };
        }
        restrictions["_expandable"] = new JsonObject();
        return JsonAsync(context, new JsonObject
        {
            ["operation"] = operation,
            ["restrictions"] = restrictions,
            ["_expandable"] = new JsonObject { ["content"] = $"/rest/api/content/{id}" },
            ["_links"] = new JsonObject
            {
                ["base"] = BaseUrl + "wiki",
                ["context"] = "/wiki",
                ["self"] = $"{BaseUrl}wiki/rest/api/content/{id}/restriction/byOperation/{operation}",
            },
        });
    }

    private Task GroupMembersAsync(HttpContext context)
    {
        var groupId = (string)context.Request.RouteValues["groupId"]!;
        if (!_groups.TryGetValue(groupId, out var group))
        {
            return V1NotFound(context, $"No group found with id: {groupId}");
        }
        var start = IntQuery(context, "start", 0);
        var limit = Math.Min(IntQuery(context, "limit", 200), V1PageLimit);
        var slice = group.Members.Skip(start).Take(limit).Select(m => (JsonNode)UserJson(m)).ToArray();
        var links = new JsonObject
        {
            ["base"] = BaseUrl + "wiki",
            ["context"] = "/wiki",
            ["self"] = $"{BaseUrl}wiki/rest/api/group/{groupId}/membersByGroupId",
        };
        if (start + slice.Length < group.Members.Count)
        {
            // v1 next links are relative to the context path (/wiki), unlike v2's.
            links["next"] = $"/rest/api/group/{groupId}/membersByGroupId?start={start + slice.Length}&limit={limit}";
        }
        return JsonAsync(context, new JsonObject
        {
            ["results"] = new JsonArray(slice),
            ["start"] = start,
            ["limit"] = limit,
            ["size"] = slice.Length,
            ["_links"] = links,
        });
    }

    private Task UsersAsync(HttpContext context)
    {
        // Repeated accountId parameters, or one comma-separated value.
        var ids = context.Request.Query["accountId"].SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries)).Distinct().ToList();
        var users = ids.Where(_users.ContainsKey).Take(200).Select(id => (JsonNode)UserJson(id)).ToArray();
        return JsonAsync(context, new JsonObject
        {
            ["results"] = new JsonArray(users),
            ["start"] = 0,
            ["limit"] = 200,
            ["size"] = users.Length,
            ["_links"] = new JsonObject { ["base"] = BaseUrl + "wiki", ["context"] = "/wiki" },
        });
    }

    // A v1 user: email is an empty string when the profile hides it, as Confluence documents.
    private JsonObject UserJson(string accountId)
    {
        var user = _users.GetValueOrDefault(accountId) ?? new FakeConfluenceUser(accountId, "User " + accountId, "", false);
        return new JsonObject
        {
            ["type"] = "known",
            ["accountId"] = user.AccountId,
            ["accountType"] = "atlassian",
            ["email"] = user.EmailVisible ? user.Email : "",
            ["publicName"] = user.DisplayName,
            ["displayName"] = user.DisplayName,
            ["isExternalCollaborator"] = false,
            ["isGuest"] = false,
            ["profilePicture"] = new JsonObject { ["path"] = "/wiki/aa-avatar/" + user.AccountId, ["width"] = 48, ["height"] = 48, ["isDefault"] = false },
            ["_links"] = new JsonObject { ["self"] = $"{BaseUrl}wiki/rest/api/user?accountId={user.AccountId}" },
        };
    }

    private JsonObject GroupJson(string groupId) => new()
    {
        ["type"] = "group",
        ["name"] = _groups.TryGetValue(groupId, out var group) ? group.Name : "group-" + groupId,
        ["id"] = groupId,
        ["_links"] = new JsonObject { ["self"] = $"{BaseUrl}wiki/rest/api/group/by-id?id={groupId}" },
    };

    private static Task Forbidden(HttpContext context) =>
        JsonAsync(context, new JsonObject
        {
            ["errors"] = new JsonArray(new JsonObject { ["status"] = 403, ["code"] = "FORBIDDEN", ["title"] = "Forbidden", ["detail"] = null }),
        }, StatusCodes.Status403Forbidden);

    private static Task V1Forbidden(HttpContext context) =>
        JsonAsync(context, new JsonObject
        {
            ["statusCode"] = 403,
            ["data"] = new JsonObject { ["authorized"] = false, ["valid"] = true, ["errors"] = new JsonArray(), ["successful"] = false },
            ["message"] = "Not permitted to view restrictions",
        }, StatusCodes.Status403Forbidden);

    private static Task V1NotFound(HttpContext context, string message) =>
        JsonAsync(context, new JsonObject
        {
            ["statusCode"] = 404,
            ["data"] = new JsonObject { ["authorized"] = true, ["valid"] = true, ["errors"] = new JsonArray(), ["successful"] = false },
            ["message"] = message,
        }, StatusCodes.Status404NotFound);
}
