using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Connectors.Atlassian;
using Pipeline.Core.Sources;

namespace Pipeline.Connectors.Jira;

/// <summary>
/// The Jira REST calls the source needs. Cloud: REST v3, search by <c>/search/jql</c> paged with
/// <c>nextPageToken</c>. Data Center: REST v2, <c>/search</c> paged with <c>startAt</c>/<c>total</c>.
/// </summary>
public sealed partial class JiraClient
{
    /// <summary>
    /// What a document is made of; <c>comment</c> saves a request per issue when all comments fit in it, and
    /// <c>security</c>, <c>reporter</c> and <c>assignee</c> are what its access depends on (see <see cref="JiraIssueAccessFields"/>).
    /// </summary>
    public static readonly IReadOnlyList<string> DocumentFields =
        ["summary", "description", "issuetype", "status", "priority", "labels", "components", "created", "updated", "project", "comment", "security", "reporter", "assignee"];

    // Listings ask for this alone (the key comes with every issue): no bodies, cheap in rate-limit points.
    private static readonly string[] ListingFields = ["updated"];

    private const int CommentPageSize = 100;

    private readonly JiraOptions _options;
    private readonly AtlassianRestClient _rest;
    private readonly ILogger _logger;

    /// <param name="source">The source's key, named in errors.</param>
    public JiraClient(JiraOptions options, AtlassianCredentials credentials, HttpClient? httpClient = null, ILogger? logger = null, string? source = null)
    {
        options.Validate();
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _rest = new AtlassianRestClient("Jira", options, credentials, httpClient, _logger, source: source);
    }

    public Uri SiteUri => _rest.SiteUri;

    public SourceRequestCounts Counts => _rest.Counts;

    private string Api => _options.Deployment == AtlassianDeployment.Cloud ? "rest/api/3" : "rest/api/2";

    /// <summary>Every issue the JQL matches, in its order, without bodies.</summary>
    public IAsyncEnumerable<JiraIssueStamp> SearchAsync(string jql, CancellationToken cancellationToken) =>
        _options.Deployment == AtlassianDeployment.Cloud
            ? SearchByTokenAsync(jql, cancellationToken)
            : SearchByOffsetAsync(jql, cancellationToken);

    private async IAsyncEnumerable<JiraIssueStamp> SearchByTokenAsync(string jql, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        string? token = null;
        while (true)
        {
            var request = new JsonObject
            {
                ["jql"] = jql,
                ["maxResults"] = _options.PageSize,
                ["fields"] = new JsonArray(ListingFields.Select(f => (JsonNode)f).ToArray()),
            };
            if (token is not null)
            {
                request["nextPageToken"] = token;
            }
            List<JiraIssueStamp> stamps;
            string? next;
            bool isLast;
            using (var page = await _rest.PostAsync($"{Api}/search/jql", request, cancellationToken))
            {
                stamps = Stamps(page.Root, out _);
                next = JsonLookup.String(page.Root, "nextPageToken");
                isLast = JsonLookup.Bool(page.Root, "isLast") ?? false;
            }
            foreach (var stamp in stamps)
            {
                yield return stamp;
            }
            // The last page has no token; isLast is checked as well, as some answers carry both.
            if (isLast || string.IsNullOrEmpty(next))
            {
                yield break;
            }
            if (!tokens.Add(next))
            {
                throw new SourceResponseException("malformed", "Jira repeated a search page token; the listing stopped rather than loop");
            }
            token = next;
        }
    }

    private async IAsyncEnumerable<JiraIssueStamp> SearchByOffsetAsync(string jql, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var startAt = 0;
        while (true)
        {
            var request = new JsonObject
            {
                ["jql"] = jql,
                ["startAt"] = startAt,
                ["maxResults"] = _options.PageSize,
                ["fields"] = new JsonArray(ListingFields.Select(f => (JsonNode)f).ToArray()),
            };
            List<JiraIssueStamp> stamps;
            int received;
            long? total;
            using (var page = await _rest.PostAsync($"{Api}/search", request, cancellationToken))
            {
                stamps = Stamps(page.Root, out received);
                total = JsonLookup.Long(page.Root, "total");
            }
            foreach (var stamp in stamps)
            {
                yield return stamp;
            }
            // Jira may return fewer than asked (its own cap): advance by what came, stop when nothing more does.
            startAt += received;
            if (received == 0 || total is null || startAt >= total)
            {
                yield break;
            }
        }
    }

    /// <summary>The issue's current id, key and updated time (<c>fields=updated</c>), or null when it no longer exists.</summary>
    public async Task<JiraIssueStamp?> FindIssueAsync(string keyOrId, CancellationToken cancellationToken)
    {
        using var response = await _rest.FindAsync($"{Api}/issue/{Uri.EscapeDataString(keyOrId)}?fields=updated", cancellationToken);
        return response is null ? null : Stamp(response.Root);
    }

    /// <summary>
    /// Whether <paramref name="jql"/> (one issue's id within a scope) matches. On Cloud the search index is
    /// eventually consistent, so the issue is reconciled: a webhook arrives right after the change it reports.
    /// </summary>
    public async Task<bool> MatchesAsync(string jql, string issueId, CancellationToken cancellationToken)
    {
        var cloud = _options.Deployment == AtlassianDeployment.Cloud;
        var request = new JsonObject
        {
            ["jql"] = jql,
            ["maxResults"] = 1,
            ["fields"] = new JsonArray(ListingFields.Select(f => (JsonNode)f).ToArray()),
        };
        if (cloud && long.TryParse(issueId, out var id))
        {
            request["reconcileIssues"] = new JsonArray(id);
        }
        using var page = await _rest.PostAsync(cloud ? $"{Api}/search/jql" : $"{Api}/search", request, cancellationToken);
        return JsonLookup.Array(page.Root, "issues").Any();
    }

    /// <summary>The issue with <see cref="DocumentFields"/>, or null when it no longer exists.</summary>
    public async Task<JiraIssue?> GetIssueAsync(string keyOrId, CancellationToken cancellationToken)
    {
        var fields = string.Join(',', DocumentFields);
        using var response = await _rest.FindAsync($"{Api}/issue/{Uri.EscapeDataString(keyOrId)}?fields={fields}", cancellationToken);
        if (response is null)
        {
            return null;
        }
        var id = JsonLookup.String(response.Root, "id");
        var key = JsonLookup.String(response.Root, "key");
        if (id is null || key is null || JsonLookup.Property(response.Root, "fields") is not { ValueKind: JsonValueKind.Object } issueFields)
        {
            throw new SourceResponseException("malformed", $"Jira's answer for issue {keyOrId} has no id, key or fields");
        }
        return new JiraIssue(id, key, issueFields.Clone());
    }

    /// <summary>All comments of an issue, oldest first, paged through the comment endpoint.</summary>
    public async Task<IReadOnlyList<JiraComment>> GetCommentsAsync(string issueIdOrKey, CancellationToken cancellationToken)
    {
        var comments = new List<JiraComment>();
        var startAt = 0;
        while (true)
        {
            using var page = await _rest.GetAsync(
                $"{Api}/issue/{Uri.EscapeDataString(issueIdOrKey)}/comment?startAt={startAt}&maxResults={CommentPageSize}&orderBy=created",
                cancellationToken);
            var received = 0;
            foreach (var comment in JsonLookup.Array(page.Root, "comments"))
            {
                comments.Add(JiraComment.From(comment));
                received++;
            }
            startAt += received;
            if (received == 0 || JsonLookup.Long(page.Root, "total") is not { } total || startAt >= total)
            {
                return comments;
            }
        }
    }

    private List<JiraIssueStamp> Stamps(JsonElement page, out int received)
    {
        var stamps = new List<JiraIssueStamp>();
        received = 0;
        foreach (var issue in JsonLookup.Array(page, "issues"))
        {
            received++;
            if (Stamp(issue) is { } stamp)
            {
                stamps.Add(stamp);
            }
            else
            {
                LogUnreadableIssue(JsonLookup.String(issue, "id") ?? "(no id)");
            }
        }
        return stamps;
    }

    private static JiraIssueStamp? Stamp(JsonElement issue)
    {
        var key = JsonLookup.String(issue, "key");
        if (string.IsNullOrWhiteSpace(key))
        {
            return null;
        }
        var updated = JsonLookup.Property(issue, "fields") is { } fields ? JsonLookup.String(fields, "updated") : null;
        return new JiraIssueStamp(JsonLookup.String(issue, "id") ?? key, key, updated);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Jira listed issue {IssueId} without a key; it was skipped")]
    private partial void LogUnreadableIssue(string issueId);
}
