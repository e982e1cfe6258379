using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Pipeline.Connectors.Tests.FakeAtlassian;

/// <summary>
/// A fake Jira site over real HTTP: Cloud REST v3 (<c>/search/jql</c> paged by <c>nextPageToken</c>) and Data
/// Center REST v2 (<c>/search</c> paged by <c>startAt</c>/<c>total</c>), single issues, and offset-paged comments,
/// over a mutable set of issues. Tests edit, touch, move and delete issues between calls. Permissions (schemes,
/// roles, security levels, groups, the service account's own Browse) are in <c>FakeJiraPermissions.cs</c>.
/// </summary>
public sealed partial class FakeJira : FakeAtlassianServer
{
    private readonly ConcurrentDictionary<string, FakeJiraIssue> _issues = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _jql = new();
    private int _nextId = 10_000;

    private FakeJira()
    {
    }

    /// <summary>Largest comment page the server gives, whatever <c>maxResults</c> asks (Jira caps it too).</summary>
    public int CommentPageLimit { get; set; } = 100;

    /// <summary>Comments embedded in <c>fields.comment</c> of an issue; the rest only through the comment endpoint.</summary>
    public int EmbeddedCommentLimit { get; set; } = 20;

    /// <summary>Largest search page the server gives, whatever <c>maxResults</c> asks.</summary>
    public int SearchPageLimit { get; set; } = 100;

    /// <summary>Called with the page's offset after each search page is answered: a test changes issues mid-listing.</summary>
    public Action<int>? AfterSearchPage { get; set; }

    /// <summary>The JQL of every search received, in order.</summary>
    public IReadOnlyList<string> ReceivedJql => _jql.ToArray();

    public IReadOnlyCollection<FakeJiraIssue> Issues => _issues.Values.ToList();

    public static async Task<FakeJira> StartAsync()
    {
        var jira = new FakeJira();
        await jira.StartServerAsync();
        return jira;
    }

    public FakeJiraIssue Issue(string key) => _issues[key];

    public FakeJiraIssue Upsert(FakeJiraIssue issue)
    {
        _issues[issue.Key] = issue;
        return issue;
    }

    /// <summary>Deletes the issue; its project stays (Jira keeps a project whose issues are all deleted).</summary>
    public bool Delete(string key)
    {
        if (!_issues.TryRemove(key, out var issue))
        {
            return false;
        }
        _projectsWithDeletions[issue.ProjectKey] = 0;
        return true;
    }

    private readonly ConcurrentDictionary<string, byte> _projectsWithDeletions = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Marks the issue as edited now (or at <paramref name="at"/>), as any change in Jira does.</summary>
    public void Touch(string key, DateTimeOffset? at = null)
    {
        var issue = _issues[key];
        issue.Updated = at ?? DateTimeOffset.UtcNow.ToOffset(issue.Updated.Offset);
    }

    /// <summary>Moves the issue to another key (another project); the old key still resolves to it, as in Jira.</summary>
    public void Move(string key, string newKey)
    {
        if (_issues.TryRemove(key, out var issue))
        {
            issue.FormerKeys.Add(issue.Key);
            issue.Key = newKey;
            issue.Updated = DateTimeOffset.UtcNow.ToOffset(issue.Updated.Offset);
            _issues[newKey] = issue;
        }
    }

    /// <summary>
    /// Issues PROJECT-1..PROJECT-count, each with the ADF fixture as description and the two real comments,
    /// updated one hour apart from <paramref name="firstUpdated"/> (default 2024-01-02 09:00 -08:00).
    /// </summary>
    public IReadOnlyList<FakeJiraIssue> SeedFromFixtures(int count, string project = "FIX", DateTimeOffset? firstUpdated = null)
    {
        var start = firstUpdated ?? new DateTimeOffset(2024, 1, 2, 9, 0, 0, TimeSpan.FromHours(-8));
        var seeded = new List<FakeJiraIssue>();
        for (var n = 1; n <= count; n++)
        {
            var issue = new FakeJiraIssue
            {
                Id = NextId(),
                Key = $"{project}-{n}",
                Summary = $"Fixture issue {n}",
                Description = AtlassianFixtures.AdfDescription(),
                Created = start.AddHours(n - 1),
                Updated = start.AddHours(n - 1),
                Type = "Bug",
                Status = "In Progress",
                Priority = "High",
            };
            issue.Labels.AddRange(["fixture", "adf"]);
            issue.Components.Add("Ingestion");
            issue.Comments.AddRange(AtlassianFixtures.Comments().Select(c => c!.DeepClone()));
            seeded.Add(Upsert(issue));
        }
        return seeded;
    }

    /// <summary>
    /// The real Jira Server issue INDEV-6 (REST v2: wiki-markup description and comments, <c>+0300</c> offsets),
    /// as a Data Center site serves it.
    /// </summary>
    public FakeJiraIssue SeedDataCenterFixture()
    {
        var fixture = AtlassianFixtures.Json("jira/rest/issue-get.v2-server.expand-renderedFields.wiki-markup.jira-to-matrix.json");
        var fields = fixture["fields"]!;
        var issue = new FakeJiraIssue
        {
            Id = (string)fixture["id"]!,
            Key = (string)fixture["key"]!,
            Summary = (string?)fields["summary"] ?? "",
            Description = fields["description"]?.DeepClone(),
            Created = DateTimeOffset.Parse((string)fields["created"]!, CultureInfo.InvariantCulture),
            Updated = DateTimeOffset.Parse((string)fields["updated"]!, CultureInfo.InvariantCulture),
            Type = (string?)fields["issuetype"]?["name"] ?? "Task",
            Status = (string?)fields["status"]?["name"] ?? "To Do",
            Priority = (string?)fields["priority"]?["name"] ?? "Medium",
        };
        issue.Comments.AddRange(fields["comment"]!["comments"]!.AsArray().Select(c => c!.DeepClone()));
        return Upsert(issue);
    }

    /// <summary>Appends copies of the fixture comments (fresh ids, one minute apart) until the issue has <paramref name="total"/>.</summary>
    public void AddComments(string key, int total)
    {
        var issue = _issues[key];
        var templates = AtlassianFixtures.Comments();
        var first = new DateTimeOffset(2024, 3, 1, 8, 0, 0, TimeSpan.FromHours(-7));
        while (issue.Comments.Count < total)
        {
            var n = issue.Comments.Count;
            var comment = templates[n % templates.Count]!.DeepClone().AsObject();
            comment["id"] = NextId();
            comment["created"] = FakeJiraIssue.JiraTime(first.AddMinutes(n));
            comment["updated"] = FakeJiraIssue.JiraTime(first.AddMinutes(n));
            comment["body"] = Paragraph($"Comment number {n + 1}");
            issue.Comments.Add(comment);
        }
    }

    /// <summary>A one-paragraph ADF document.</summary>
    public static JsonObject Paragraph(string text) => new()
    {
        ["type"] = "doc",
        ["version"] = 1,
        ["content"] = new JsonArray(new JsonObject
        {
            ["type"] = "paragraph",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }),
        }),
    };

    private string NextId() => Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);

    protected override void Map(WebApplication app)
    {
        app.MapPost("/rest/api/3/search/jql", (RequestDelegate)SearchByTokenAsync);
        app.MapGet("/rest/api/3/search/jql", (RequestDelegate)SearchByTokenAsync);
        app.MapPost("/rest/api/2/search", (RequestDelegate)SearchByOffsetAsync);
        app.MapGet("/rest/api/2/search", (RequestDelegate)SearchByOffsetAsync);
        app.MapGet("/rest/api/{version}/issue/{keyOrId}", (RequestDelegate)IssueAsync);
        app.MapGet("/rest/api/{version}/issue/{keyOrId}/comment", (RequestDelegate)CommentsAsync);
        MapPermissions(app);
    }

    [GeneratedRegex("""\bkey\s+in\s*\((?<keys>[^)]*)\)""", RegexOptions.IgnoreCase)]
    private static partial Regex KeyIn();

    /// <summary>
    /// What a search sees: issues of projects the account may browse, narrowed by <c>key in (…)</c> (current or
    /// former keys) when the JQL has it — the one clause <see cref="FakeJql"/> leaves to the fake.
    /// </summary>
    private IEnumerable<FakeJiraIssue> Searchable(string jql)
    {
        var visible = _issues.Values.Where(i => CanBrowse(i.ProjectKey));
        if (KeyIn().Match(jql) is not { Success: true } keyIn)
        {
            return visible;
        }
        var keys = keyIn.Groups["keys"].Value.Split(',').Select(k => k.Trim().Trim('"')).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return visible.Where(i => keys.Contains(i.Key) || i.FormerKeys.Any(keys.Contains));
    }

    /// <summary>Answers for an issue the account may not see: 403 when forbidden, 404 when its project cannot be browsed.</summary>
    private async Task<bool> RefusedAsync(HttpContext context, FakeJiraIssue issue)
    {
        if (_forbiddenIssues.ContainsKey(issue.Key))
        {
            await JsonAsync(context, new JsonObject { ["errorMessages"] = new JsonArray("You do not have the permission to see the specified issue."), ["errors"] = new JsonObject() }, StatusCodes.Status403Forbidden);
            return true;
        }
        if (!CanBrowse(issue.ProjectKey))
        {
            await NotFoundAsync(context, "Issue does not exist or you do not have permission to see it.");
            return true;
        }
        return false;
    }

    private async Task SearchByTokenAsync(HttpContext context)
    {
        var request = await SearchRequestAsync(context);
        var matching = FakeJql.Apply(request.Jql, Searchable(request.Jql));
        var offset = request.Token is { } token && token.StartsWith("tok-", StringComparison.Ordinal)
            ? int.Parse(token[4..], CultureInfo.InvariantCulture)
            : 0;
        var size = Math.Min(request.MaxResults ?? 50, SearchPageLimit);
        var page = matching.Skip(offset).Take(size).ToList();
        var response = new JsonObject
        {
            ["issues"] = new JsonArray(page.Select(i => (JsonNode)i.ToJson(BaseUrl, "rest/api/3", request.Fields, EmbeddedCommentLimit)).ToArray()),
            ["isLast"] = offset + page.Count >= matching.Count,
        };
        if (offset + page.Count < matching.Count)
        {
            response["nextPageToken"] = $"tok-{offset + page.Count}";
        }
        await JsonAsync(context, response);
        AfterSearchPage?.Invoke(offset);
    }

    private async Task SearchByOffsetAsync(HttpContext context)
    {
        var request = await SearchRequestAsync(context);
        var matching = FakeJql.Apply(request.Jql, Searchable(request.Jql));
        var size = Math.Min(request.MaxResults ?? 50, SearchPageLimit);
        var page = matching.Skip(request.StartAt).Take(size).ToList();
        await JsonAsync(context, new JsonObject
        {
            ["expand"] = "names,schema",
            ["startAt"] = request.StartAt,
            ["maxResults"] = size,
            ["total"] = matching.Count,
            ["issues"] = new JsonArray(page.Select(i => (JsonNode)i.ToJson(BaseUrl, "rest/api/2", request.Fields, EmbeddedCommentLimit)).ToArray()),
        });
        AfterSearchPage?.Invoke(request.StartAt);
    }

    private async Task IssueAsync(HttpContext context)
    {
        if (Find((string)context.Request.RouteValues["keyOrId"]!) is not { } issue)
        {
            await NotFoundAsync(context, "Issue does not exist or you do not have permission to see it.");
            return;
        }
        if (await RefusedAsync(context, issue))
        {
            return;
        }
        var version = (string)context.Request.RouteValues["version"]!;
        var fields = context.Request.Query["fields"].FirstOrDefault() is { Length: > 0 } list
            ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal)
            : null;
        await JsonAsync(context, issue.ToJson(BaseUrl, $"rest/api/{version}", fields, EmbeddedCommentLimit));
    }

    private async Task CommentsAsync(HttpContext context)
    {
        if (Find((string)context.Request.RouteValues["keyOrId"]!) is not { } issue)
        {
            await NotFoundAsync(context, "Issue does not exist or you do not have permission to see it.");
            return;
        }
        if (await RefusedAsync(context, issue))
        {
            return;
        }
        var startAt = IntQuery(context, "startAt", 0);
        var size = Math.Min(IntQuery(context, "maxResults", 50), CommentPageLimit);
        var page = issue.Comments.Skip(startAt).Take(size).Select(c => c.DeepClone()).ToArray();
        await JsonAsync(context, new JsonObject
        {
            ["startAt"] = startAt,
            ["maxResults"] = size,
            ["total"] = issue.Comments.Count,
            ["comments"] = new JsonArray(page),
        });
    }

    private FakeJiraIssue? Find(string keyOrId) =>
        _issues.TryGetValue(keyOrId, out var byKey)
            ? byKey
            : _issues.Values.FirstOrDefault(i => i.Id == keyOrId || i.FormerKeys.Contains(keyOrId, StringComparer.OrdinalIgnoreCase));

    private async Task<SearchRequest> SearchRequestAsync(HttpContext context)
    {
        SearchRequest request;
        if (HttpMethods.IsPost(context.Request.Method))
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var root = body.RootElement;
            request = new SearchRequest(
                root.TryGetProperty("jql", out var jql) ? jql.GetString() ?? "" : "",
                root.TryGetProperty("nextPageToken", out var token) ? token.GetString() : null,
                root.TryGetProperty("startAt", out var startAt) ? startAt.GetInt32() : 0,
                root.TryGetProperty("maxResults", out var max) ? max.GetInt32() : null,
                root.TryGetProperty("fields", out var fields)
                    ? fields.EnumerateArray().Select(f => f.GetString()!).ToHashSet(StringComparer.Ordinal)
                    : new HashSet<string>(StringComparer.Ordinal) { "id" });
        }
        else
        {
            var query = context.Request.Query;
            request = new SearchRequest(
                query["jql"].FirstOrDefault() ?? "",
                query["nextPageToken"].FirstOrDefault(),
                IntQuery(context, "startAt", 0),
                int.TryParse(query["maxResults"].FirstOrDefault(), out var max) ? max : null,
                (query["fields"].FirstOrDefault() ?? "id").Split(',').ToHashSet(StringComparer.Ordinal));
        }
        _jql.Enqueue(request.Jql);
        return request;
    }

    /// <param name="Fields">Search returns only <c>id</c> by default (unlike GET issue, which returns all).</param>
    private sealed record SearchRequest(string Jql, string? Token, int StartAt, int? MaxResults, ISet<string> Fields);
}
