using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Connectors.Atlassian;
using Pipeline.Core.Sources;

namespace Pipeline.Connectors.Confluence;

/// <summary>
/// The Confluence Cloud REST v2 calls the source needs. Lists are cursor-paged: the next page is the body's
/// <c>_links.next</c> (or the <c>Link</c> header), a root-relative path that already starts with <c>/wiki</c>.
/// </summary>
public sealed partial class ConfluenceClient
{
    private const string Api = "wiki/api/v2";

    // Content restrictions, groups and users have no v2 equivalent.
    private const string V1 = "wiki/rest/api";

    // The largest id filter and page size v2 accepts.
    private const int MaxBatch = 250;

    // The largest page v1 gives for group members and restriction subjects ("fixed system limit of 200").
    private const int V1PageSize = 200;

    // Account ids per bulk user lookup: long ids in a query string hit URL limits well before the documented 200.
    private const int UserBatch = 50;

    // Bounds on what one space's permissions or one restriction may hold; past them the lists are cut, never widened.
    private const int MaxSpaceAssignments = 50_000;
    private const int MaxRestrictionEntries = 10_000;

    private readonly ConfluenceOptions _options;
    private readonly AtlassianRestClient _rest;
    private readonly ILogger _logger;

    /// <param name="source">The source's key, named in errors.</param>
    public ConfluenceClient(ConfluenceOptions options, AtlassianCredentials credentials, HttpClient? httpClient = null, ILogger? logger = null, string? source = null)
    {
        options.Validate();
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _rest = new AtlassianRestClient("Confluence", options, credentials, httpClient, _logger, source: source);
    }

    public Uri SiteUri => _rest.SiteUri;

    public SourceRequestCounts Counts => _rest.Counts;

    /// <summary>The spaces with these keys that the account can see; unknown keys are simply absent.</summary>
    public async Task<IReadOnlyList<ConfluenceSpace>> GetSpacesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        var spaces = new List<ConfluenceSpace>();
        var query = $"{Api}/spaces?keys={string.Join(',', keys.Select(Uri.EscapeDataString))}&limit={MaxBatch}";
        await foreach (var space in ListAsync(query, cancellationToken))
        {
            if (JsonLookup.String(space, "id") is { Length: > 0 } id && JsonLookup.String(space, "key") is { Length: > 0 } key)
            {
                spaces.Add(new ConfluenceSpace(id, key));
            }
        }
        return spaces;
    }

    /// <summary>Current pages of a space, without bodies.</summary>
    public async IAsyncEnumerable<ConfluencePage> ListPagesAsync(string spaceId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = $"{Api}/spaces/{Uri.EscapeDataString(spaceId)}/pages?limit={_options.PageSize}&status=current";
        await foreach (var entry in ListAsync(query, cancellationToken))
        {
            if (ConfluencePage.From(entry) is { } page)
            {
                yield return page;
            }
            else
            {
                LogPageWithoutId(spaceId);
            }
        }
    }

    /// <summary>One page (with its storage body when asked), or null when it does not exist.</summary>
    public async Task<ConfluencePage?> GetPageAsync(string id, bool withBody, CancellationToken cancellationToken)
    {
        var query = $"{Api}/pages/{Uri.EscapeDataString(id)}" + (withBody ? "?body-format=storage" : "");
        using var response = await _rest.FindAsync(query, cancellationToken);
        return response is null ? null : ConfluencePage.From(response.Root);
    }

    /// <summary>The page's ancestors, top-most first, whatever their type (pages, folders, whiteboards…).</summary>
    public async Task<IReadOnlyList<ConfluenceAncestor>> GetAncestorsAsync(string id, CancellationToken cancellationToken)
    {
        var ancestors = new List<ConfluenceAncestor>();
        await foreach (var ancestor in ListAsync(AncestorsQuery(id), cancellationToken))
        {
            if (ConfluenceAncestorFrom(ancestor) is { } known)
            {
                ancestors.Add(known);
            }
        }
        return ancestors;
    }

    /// <summary>As <see cref="GetAncestorsAsync"/>, but null when the page is gone (404) rather than an error.</summary>
    public async Task<IReadOnlyList<ConfluenceAncestor>?> FindAncestorsAsync(string id, CancellationToken cancellationToken)
    {
        var entries = await FindListAsync(AncestorsQuery(id), int.MaxValue, cancellationToken);
        return entries?.Items.Select(ConfluenceAncestorFrom).OfType<ConfluenceAncestor>().ToList();
    }

    private static string AncestorsQuery(string id) => $"{Api}/pages/{Uri.EscapeDataString(id)}/ancestors?limit={MaxBatch}";

    // An ancestor without a type is taken for a page, as v2 listed only pages before folders existed.
    private static ConfluenceAncestor? ConfluenceAncestorFrom(JsonElement ancestor) =>
        JsonLookup.String(ancestor, "id") is { Length: > 0 } id ? new ConfluenceAncestor(id, JsonLookup.String(ancestor, "type") ?? "page") : null;

    /// <summary>
    /// Pages by id without bodies, up to 250 per request, in the given statuses; a page the account cannot see, or in
    /// another status, is simply absent.
    /// </summary>
    public async Task<IReadOnlyList<ConfluencePage>> GetPagesAsync(IReadOnlyCollection<string> ids, string statuses, CancellationToken cancellationToken)
    {
        var pages = new List<ConfluencePage>(ids.Count);
        foreach (var batch in ids.Distinct(StringComparer.Ordinal).Chunk(MaxBatch))
        {
            var query = $"{Api}/pages?id={string.Join(',', batch.Select(Uri.EscapeDataString))}&status={Uri.EscapeDataString(statuses)}&limit={MaxBatch}";
            await foreach (var entry in ListAsync(query, cancellationToken))
            {
                if (ConfluencePage.From(entry) is { } page)
                {
                    pages.Add(page);
                }
            }
        }
        return pages;
    }

    /// <summary>
    /// The space's read holders, or null when the site will not show its permissions (v2 answers 404 both for a
    /// missing space and for an account without the right to see them). A 403 throws <see cref="Core.Access.AccessLostException"/>.
    /// </summary>
    public async Task<ConfluenceSpaceReaders?> FindSpaceReadersAsync(string spaceId, CancellationToken cancellationToken)
    {
        var assignments = await FindListAsync($"{Api}/spaces/{Uri.EscapeDataString(spaceId)}/permissions?limit={MaxBatch}", MaxSpaceAssignments, cancellationToken);
        if (assignments is null)
        {
            return null;
        }
        if (assignments.Truncated)
        {
            // Holders past the bound are left out: pages of the space become readable by fewer, never by more.
            LogSpaceAssignmentsCut(spaceId, MaxSpaceAssignments);
        }
        return ConfluenceSpaceReaders.From(assignments.Items);
    }

    /// <summary>
    /// The read restriction set on this content itself (v1 <c>/content/{id}/restriction/byOperation/read</c>, users
    /// and groups expanded, offset-paged), or null when the content is gone (404). A 403 throws
    /// <see cref="Core.Access.AccessLostException"/>.
    /// </summary>
    /// <exception cref="SourceResponseException">The answer does not list users and groups (<c>malformed</c>).</exception>
    public async Task<ConfluenceReadRestriction?> FindReadRestrictionAsync(string contentId, CancellationToken cancellationToken)
    {
        var principals = new List<string>();
        var entries = 0;
        // The site may cap a page below the limit asked for: the next start is past what this page actually held.
        for (var start = 0; ; )
        {
            ConfluenceReadRestriction.RestrictionPage page;
            var query = $"{V1}/content/{Uri.EscapeDataString(contentId)}/restriction/byOperation/read"
                + $"?expand=restrictions.user,restrictions.group&start={start}&limit={V1PageSize}";
            using (var response = await _rest.FindAsync(query, cancellationToken))
            {
                if (response is null)
                {
                    return null;
                }
                page = ConfluenceReadRestriction.ReadPage(response.Root)
                    ?? throw new SourceResponseException("malformed",
                        $"Confluence answered the read restriction of content {contentId} without its users and groups; its access cannot be told");
            }
            entries += page.Entries;
            start += page.Advance;
            principals.AddRange(page.Principals);
            if (!page.HasMore || page.Entries == 0)
            {
                break;
            }
            if (entries >= MaxRestrictionEntries)
            {
                // The restriction stays, with fewer names in it: fewer people may read, never more.
                LogRestrictionCut(contentId, MaxRestrictionEntries);
                break;
            }
        }
        return entries == 0 ? ConfluenceReadRestriction.None : new ConfluenceReadRestriction(true, principals.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// Members of a group by id (v1 <c>/group/{id}/membersByGroupId</c>, offset-paged), at most <paramref name="max"/>;
    /// null when there is no such group (404). A 403 throws <see cref="Core.Access.AccessLostException"/>.
    /// </summary>
    public async Task<ConfluenceGroupMembers?> FindGroupMembersAsync(string groupId, int max, CancellationToken cancellationToken)
    {
        var members = new List<ConfluenceUser>();
        // The site may cap a page below the limit asked for: the next start is past the members actually listed.
        for (var start = 0; members.Count < max; )
        {
            var query = $"{V1}/group/{Uri.EscapeDataString(groupId)}/membersByGroupId?start={start}&limit={V1PageSize}";
            using var response = await _rest.FindAsync(query, cancellationToken);
            if (response is null)
            {
                return start == 0 ? null : new ConfluenceGroupMembers(members, false);
            }
            var results = JsonLookup.Array(response.Root, "results").ToList();
            members.AddRange(results.Select(UserFrom).OfType<ConfluenceUser>());
            start += results.Count;
            var more = results.Count > 0
                && (JsonLookup.Property(response.Root, "_links") is { } links && JsonLookup.String(links, "next") is { Length: > 0 }
                    || JsonLookup.Long(response.Root, "limit") is { } limit && results.Count >= limit);
            if (!more)
            {
                return new ConfluenceGroupMembers(members, false);
            }
        }
        return new ConfluenceGroupMembers(members.Take(max).ToList(), true);
    }

    /// <summary>
    /// Accounts by id (v1 <c>/user/bulk</c>, 50 ids a request so the URL stays short); ids the site does not return
    /// are absent, and a lookup the site refuses (403/404) is skipped: an e-mail address is a convenience, not access.
    /// </summary>
    public async Task<IReadOnlyList<ConfluenceUser>> GetUsersAsync(IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken)
    {
        var users = new List<ConfluenceUser>(accountIds.Count);
        foreach (var batch in accountIds.Distinct(StringComparer.Ordinal).Chunk(UserBatch))
        {
            var query = $"{V1}/user/bulk?{string.Join('&', batch.Select(id => "accountId=" + Uri.EscapeDataString(id)))}&limit={UserBatch}";
            try
            {
                using var response = await _rest.FindAsync(query, cancellationToken);
                if (response is null)
                {
                    LogUsersNotServed(batch.Length, 404);
                    continue;
                }
                users.AddRange(JsonLookup.Array(response.Root, "results").Select(UserFrom).OfType<ConfluenceUser>());
            }
            catch (Core.Access.AccessLostException)
            {
                LogUsersNotServed(batch.Length, 403);
            }
        }
        return users;
    }

    private static ConfluenceUser? UserFrom(JsonElement user) =>
        JsonLookup.String(user, "accountId") is { Length: > 0 } accountId
            ? new ConfluenceUser(accountId, JsonLookup.String(user, "email")?.Trim() is { Length: > 0 } email && email.Contains('@', StringComparison.Ordinal)
                ? email.ToLowerInvariant()
                : null)
            : null;

    /// <summary>Titles of pages by id, up to 250 per request; ids the site does not return are absent.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetTitlesAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var batch in ids.Chunk(MaxBatch))
        {
            var query = $"{Api}/pages?id={string.Join(',', batch.Select(Uri.EscapeDataString))}&limit={MaxBatch}";
            await foreach (var entry in ListAsync(query, cancellationToken))
            {
                if (ConfluencePage.From(entry) is { Title.Length: > 0 } page)
                {
                    titles[page.Id] = page.Title;
                }
            }
        }
        return titles;
    }

    /// <summary>
    /// All <c>results</c> of a cursor-paged list of something that may not exist: null on a 404, up to
    /// <paramref name="max"/> items; a 403 throws <see cref="Core.Access.AccessLostException"/>.
    /// </summary>
    private async Task<FoundList?> FindListAsync(string firstPage, int max, CancellationToken cancellationToken)
    {
        var items = new List<JsonElement>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        string? target = firstPage;
        while (target is not null)
        {
            using (var page = await _rest.FindAsync(target, cancellationToken))
            {
                if (page is null)
                {
                    return null;
                }
                items.AddRange(JsonLookup.Array(page.Root, "results").Select(r => r.Clone()));
                var links = JsonLookup.Property(page.Root, "_links");
                target = (links is { } l ? JsonLookup.String(l, "next") : null) ?? page.NextLink;
            }
            if (string.IsNullOrEmpty(target))
            {
                break;
            }
            if (items.Count >= max)
            {
                return new FoundList(items.Take(max).ToList(), true);
            }
            if (!visited.Add(target))
            {
                throw new SourceResponseException("malformed", "Confluence repeated a next-page link; the listing stopped rather than loop");
            }
        }
        return new FoundList(items.Count > max ? items.Take(max).ToList() : items, items.Count > max);
    }

    private sealed record FoundList(IReadOnlyList<JsonElement> Items, bool Truncated);

    /// <summary>The <c>results</c> of a cursor-paged list, page after page.</summary>
    private async IAsyncEnumerable<JsonElement> ListAsync(string firstPage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        string? target = firstPage;
        while (target is not null)
        {
            List<JsonElement> results;
            using (var page = await _rest.GetAsync(target, cancellationToken))
            {
                results = JsonLookup.Array(page.Root, "results").Select(r => r.Clone()).ToList();
                var links = JsonLookup.Property(page.Root, "_links");
                target = (links is { } l ? JsonLookup.String(l, "next") : null) ?? page.NextLink;
            }
            foreach (var result in results)
            {
                yield return result;
            }
            if (string.IsNullOrEmpty(target))
            {
                yield break;
            }
            if (!visited.Add(target))
            {
                throw new SourceResponseException("malformed", "Confluence repeated a next-page link; the listing stopped rather than loop");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Confluence listed a page without an id in space {SpaceId}; it was skipped")]
    private partial void LogPageWithoutId(string spaceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Confluence space {SpaceId} has more than {Max} permission assignments; the rest were not read, so its pages admit fewer readers than Confluence does")]
    private partial void LogSpaceAssignmentsCut(string spaceId, int max);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The read restriction of Confluence content {ContentId} names more than {Max} users and groups; the rest were not read, so it admits fewer readers than Confluence does")]
    private partial void LogRestrictionCut(string contentId, int max);

    [LoggerMessage(Level = LogLevel.Information, Message = "Confluence would not look up {Count} accounts ({Status}); their e-mail addresses stay unknown")]
    private partial void LogUsersNotServed(int count, int status);
}
