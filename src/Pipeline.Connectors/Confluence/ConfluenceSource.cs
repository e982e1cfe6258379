using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Connectors.Atlassian;
using Pipeline.Core.Access;
using Pipeline.Core.Sources;

namespace Pipeline.Connectors.Confluence;

/// <summary>
/// Current pages of Confluence Cloud spaces as documents, named by page id and versioned by version number.
/// Trashed, archived and purged pages are not listed, so a full sync deletes them; <see cref="FindAsync"/>
/// answers null for them and for pages moved out of the job's spaces, and throws <see cref="AccessLostException"/>
/// for a page the site answers 403 for (closed to the service account, not deleted).
/// Each document carries its access: the space's read holders, the page's read restriction and each restricted
/// ancestor's (<see cref="ConfluencePageAccess"/>).
/// </summary>
public sealed partial class ConfluenceSource : IAccessSource, IReportsRequests
{
    // Ancestors are shared by many pages: their titles are fetched once per source, up to this many.
    private const int MaxCachedTitles = 10_000;

    // Space permissions and ancestor restrictions shared by the pages of a run: read once, trusted this long (a source
    // lives for one run, so this only matters to a long one), up to this many entries.
    private static readonly TimeSpan IngestAccessLifetime = TimeSpan.FromMinutes(10);
    private const int MaxCachedAccessLevels = 10_000;

    private readonly ConfluenceOptions _options;
    private readonly ConfluenceClient _client;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, string> _titles = new(StringComparer.Ordinal);
    private readonly ConfluenceAccessLevels _ingestAccess;
    private IReadOnlyList<ConfluenceSpace>? _spaces;

    /// <param name="key">The source's stable name, the namespace of its document ids (e.g. <c>confluence:eng</c>).</param>
    /// <param name="httpClient">Optional; by default a process-wide pooled connection handler is used.</param>
    public ConfluenceSource(string key, ConfluenceOptions options, AtlassianCredentials credentials, HttpClient? httpClient = null, ILoggerFactory? loggerFactory = null)
    {
        options.Validate();
        Key = key;
        _options = options;
        _logger = loggerFactory?.CreateLogger<ConfluenceSource>() ?? NullLogger<ConfluenceSource>.Instance;
        _client = new ConfluenceClient(options, credentials, httpClient, loggerFactory?.CreateLogger<ConfluenceClient>(), key);
        _ingestAccess = ConfluenceAccessLevels.ForIngestion(_client, IngestAccessLifetime, MaxCachedAccessLevels);
    }

    public string Key { get; }

    public SourceRequestCounts Requests => _client.Counts;

    [GeneratedRegex("^[0-9]{1,20}$", RegexOptions.CultureInvariant)]
    private static partial Regex PageId();

    public async IAsyncEnumerable<DocumentReference> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var space in await SpacesAsync(cancellationToken))
        {
            await foreach (var page in _client.ListPagesAsync(space.Id, cancellationToken))
            {
                yield return page.ToReference();
            }
        }
    }

    public async Task<DocumentReference?> FindAsync(string externalId, CancellationToken cancellationToken)
    {
        if (!PageId().IsMatch(externalId))
        {
            return null;
        }
        var page = await _client.GetPageAsync(externalId, withBody: false, cancellationToken);
        if (page is null || !page.IsCurrent)
        {
            return null;
        }
        return SpaceOf(page, await SpacesAsync(cancellationToken)) is null ? null : page.ToReference();
    }

    public async Task<LoadResult> LoadAsync(DocumentReference reference, CancellationToken cancellationToken)
    {
        var id = reference.ExternalId;
        if (!PageId().IsMatch(id))
        {
            return LoadResult.Failed("bad-id", $"'{id}' is not a Confluence page id");
        }
        try
        {
            var page = await _client.GetPageAsync(id, withBody: true, cancellationToken);
            if (page is null || !page.IsCurrent)
            {
                return LoadResult.Failed("missing", $"page {id} was deleted or {page?.Status ?? "purged"} between listing and reading");
            }
            if (SpaceOf(page, await SpacesAsync(cancellationToken)) is not { } space)
            {
                return LoadResult.Failed("out-of-scope", $"page {id} moved to a space this source does not cover");
            }
            var ancestry = await _client.GetAncestorsAsync(id, cancellationToken);
            var ancestors = await AncestorTitlesAsync(ancestry.Where(a => a.IsPage).Select(a => a.Id).ToList(), cancellationToken);
            DocumentAccess access;
            try
            {
                access = await ConfluencePageAccess.ReadAsync(_ingestAccess, page, ancestry, cancellationToken)
                    ?? throw new AccessUnknownException($"page {id} vanished while its access was read; it is read again next run");
            }
            catch (AccessUnknownException e)
            {
                // Never stored as readable by anyone the source did not name: quarantined until access can be told.
                LogAccessUnknown(id);
                return LoadResult.Failed(AccessUnknownException.Reason, e.Message);
            }
            // Converting a large storage body is seconds of CPU: off the caller's thread, like PDF extraction.
            var (document, body) = await Task.Run(() =>
            {
                var built = ConfluencePageDocument.Build(page, ancestors, space.Key, _client.SiteUri, out var converted);
                return (built, converted);
            }, cancellationToken);
            if (body.UnknownNodes.Count > 0)
            {
                LogUnknownNodes(id, body.UnknownNodes.Values.Sum(), string.Join(", ", body.UnknownNodes.Keys.Take(10)));
            }
            return LoadResult.Loaded(document with { Access = access });
        }
        // A timeout on one page (a huge body, a slow macro render) or the site failing to serve it fails that page, and the
        // runner keeps its last good version for the source-side reasons; the site refusing the credentials fails the run.
        catch (SourceResponseException e) when (e.Reason is "malformed" or "not-json" or "too-large" or "status" or "timeout" or "throttled" or "unavailable" or "unreachable")
        {
            return LoadResult.Failed(e.Reason, e.Message);
        }
    }

    /// <summary>
    /// Access of each page as Confluence grants it now, read afresh on every call (nothing cached across calls) and
    /// without bodies: space permissions once per space, one read restriction per distinct page or ancestor, pages and
    /// their parents 250 to a request. <see cref="AccessState.Lost"/> for a page or level that answers 403,
    /// <see cref="AccessState.Gone"/> for one purged, no longer current or moved out of the source's spaces.
    /// </summary>
    /// <exception cref="SourceResponseException">The site failed to answer (timeout, 5xx…): the sync fails and keeps what it had.</exception>
    public async Task<IReadOnlyDictionary<string, AccessLookup>> ReadAccessAsync(IReadOnlyCollection<string> externalIds, CancellationToken cancellationToken)
    {
        // Spaces the credentials no longer see are not an error here: their pages answer 403 or 404 on their own.
        var spaces = _spaces ?? await _client.GetSpacesAsync(_options.SpaceKeys, cancellationToken);
        var reader = new ConfluenceAccessReader(_client, spaces, _options.MaxConcurrency);
        return await reader.ReadAsync(externalIds, PageId().IsMatch, cancellationToken);
    }

    /// <summary>
    /// Members of the <c>group:</c> principals (at most <see cref="ConfluenceDirectoryReader.MaxMembersPerGroup"/> each)
    /// and the e-mail address of each user, given or member, whose profile shows it.
    /// </summary>
    public Task<PrincipalDirectory> ReadDirectoryAsync(IReadOnlyCollection<string> principals, CancellationToken cancellationToken) =>
        new ConfluenceDirectoryReader(_client, _options.MaxConcurrency, _logger).ReadAsync(principals, cancellationToken);

    /// <summary>Titles of these ancestor pages, in order; one the site would not name is left out.</summary>
    private async Task<IReadOnlyList<string>> AncestorTitlesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var missing = ids.Where(a => !_titles.ContainsKey(a)).Distinct().ToList();
        if (missing.Count > 0)
        {
            var fetched = await _client.GetTitlesAsync(missing, cancellationToken);
            foreach (var (ancestorId, title) in fetched)
            {
                if (_titles.Count < MaxCachedTitles)
                {
                    _titles[ancestorId] = title;
                }
            }
            return ids.Select(a => _titles.TryGetValue(a, out var t) ? t : fetched.GetValueOrDefault(a)).OfType<string>().ToList();
        }
        return ids.Select(a => _titles[a]).ToList();
    }

    private async Task<IReadOnlyList<ConfluenceSpace>> SpacesAsync(CancellationToken cancellationToken)
    {
        if (_spaces is { } known)
        {
            return known;
        }
        var found = await _client.GetSpacesAsync(_options.SpaceKeys, cancellationToken);
        var missing = _options.SpaceKeys.Where(k => !found.Any(s => string.Equals(s.Key, k, StringComparison.OrdinalIgnoreCase))).ToList();
        if (missing.Count > 0)
        {
            // Never "no pages": an empty listing would delete every document of the source.
            throw new SourceResponseException("no-space",
                $"Confluence at {_client.SiteUri.GetLeftPart(UriPartial.Authority)} has no space {string.Join(", ", missing)} that these credentials can see");
        }
        return _spaces = found;
    }

    private static ConfluenceSpace? SpaceOf(ConfluencePage page, IReadOnlyList<ConfluenceSpace> spaces) =>
        spaces.FirstOrDefault(s => s.Id == page.SpaceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Confluence page {PageId}: who may read it cannot be told; held back as access-unknown")]
    private partial void LogAccessUnknown(string pageId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Confluence page {PageId}: {UnknownNodes} storage elements had no mapping ({Names}); text kept")]
    private partial void LogUnknownNodes(string pageId, int unknownNodes, string names);
}
