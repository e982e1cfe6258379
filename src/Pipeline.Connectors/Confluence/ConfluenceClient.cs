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

    // The largest id filter and page size v2 accepts.
    private const int MaxBatch = 250;

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

    /// <summary>Ids of the page's ancestors that are pages, top-most first (folders and other containers are left out).</summary>
    public async Task<IReadOnlyList<string>> GetAncestorIdsAsync(string id, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        await foreach (var ancestor in ListAsync($"{Api}/pages/{Uri.EscapeDataString(id)}/ancestors?limit={MaxBatch}", cancellationToken))
        {
            if (JsonLookup.String(ancestor, "id") is { Length: > 0 } ancestorId
                && (JsonLookup.String(ancestor, "type") ?? "page") == "page")
            {
                ids.Add(ancestorId);
            }
        }
        return ids;
    }

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
}
