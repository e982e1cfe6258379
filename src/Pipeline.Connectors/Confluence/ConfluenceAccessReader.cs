using System.Collections.Concurrent;
using Pipeline.Core.Access;

namespace Pipeline.Connectors.Confluence;

/// <summary>
/// One permission sync's reading of page access, without bodies. Requests are kept near one per page: pages come
/// 250 to a request, ancestors are found by walking <c>parentId</c> through pages already read (asking only for
/// parents not yet seen, again 250 at a time), each space's permissions and each page's or ancestor's read
/// restriction are asked for once. A page whose chain passes through something other than a page (a folder) has its
/// ancestors asked for directly.
/// </summary>
internal sealed class ConfluenceAccessReader(ConfluenceClient client, IReadOnlyList<ConfluenceSpace> spaces, int parallelism)
{
    // Deeper trees than this are read through the ancestors endpoint instead.
    private const int MaxDepth = 100;

    private readonly ConfluenceAccessLevels _levels = ConfluenceAccessLevels.ForOneSync(client);

    public async Task<IReadOnlyDictionary<string, AccessLookup>> ReadAsync(
        IReadOnlyCollection<string> externalIds, Func<string, bool> isPageId, CancellationToken cancellationToken)
    {
        var ids = externalIds.Distinct(StringComparer.Ordinal).ToList();
        var results = new ConcurrentDictionary<string, AccessLookup>(StringComparer.Ordinal);
        foreach (var id in ids.Where(id => !isPageId(id)))
        {
            results[id] = AccessLookup.Gone;
        }
        var wanted = ids.Where(isPageId).ToList();
        var known = new ConcurrentDictionary<string, ConfluencePage>(StringComparer.Ordinal);
        foreach (var page in await client.GetPagesAsync(wanted, "current", cancellationToken))
        {
            known[page.Id] = page;
        }

        // Left out of the batch: trashed, archived, purged or closed to the account. Asked one by one, so a 403
        // (access lost: hidden, kept for a while) is told apart from a 404 (gone: the content sync deletes it).
        await Parallel.ForEachAsync(wanted.Where(id => !known.ContainsKey(id)), Options(cancellationToken), async (id, token) =>
        {
            try
            {
                if (await client.GetPageAsync(id, withBody: false, token) is { IsCurrent: true } page)
                {
                    known[id] = page;
                }
                else
                {
                    results[id] = AccessLookup.Gone;
                }
            }
            catch (AccessLostException e)
            {
                results[id] = AccessLookup.Lost(e.Message);
            }
        });

        var covered = spaces.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var pages = new List<ConfluencePage>();
        foreach (var id in wanted.Where(id => !results.ContainsKey(id)))
        {
            var page = known[id];
            if (page.SpaceId is { } spaceId && covered.Contains(spaceId))
            {
                pages.Add(page);
            }
            else
            {
                // Moved to a space this source does not cover: the content sync removes it.
                results[id] = AccessLookup.Gone;
            }
        }

        var chains = await AncestorChainsAsync(pages, known, cancellationToken);
        await Parallel.ForEachAsync(pages, Options(cancellationToken), async (page, token) =>
            results[page.Id] = await LookupAsync(page, chains.GetValueOrDefault(page.Id), token));
        return ids.ToDictionary(id => id, id => results[id], StringComparer.Ordinal);
    }

    private async Task<AccessLookup> LookupAsync(ConfluencePage page, IReadOnlyList<ConfluenceAncestor>? chain, CancellationToken cancellationToken)
    {
        try
        {
            var ancestors = chain ?? await client.FindAncestorsAsync(page.Id, cancellationToken);
            if (ancestors is null)
            {
                return AccessLookup.Gone;
            }
            return await ConfluencePageAccess.ReadAsync(_levels, page, ancestors, cancellationToken) is { } access
                ? AccessLookup.Granted(access)
                : AccessLookup.Gone;
        }
        catch (AccessLostException e)
        {
            return AccessLookup.Lost(e.Message);
        }
        catch (AccessUnknownException e)
        {
            return AccessLookup.Unknown(e.Message);
        }
    }

    /// <summary>
    /// Each page's page ancestors, top-most first, from the <c>parentId</c>s of pages read in batches; null for a page
    /// whose chain leaves pages (a folder, a parent the batch did not return, a cycle, a tree too deep).
    /// </summary>
    private async Task<Dictionary<string, IReadOnlyList<ConfluenceAncestor>?>> AncestorChainsAsync(
        IReadOnlyList<ConfluencePage> pages, ConcurrentDictionary<string, ConfluencePage> known, CancellationToken cancellationToken)
    {
        var chains = new Dictionary<string, IReadOnlyList<ConfluenceAncestor>?>(StringComparer.Ordinal);
        var unreadable = new HashSet<string>(StringComparer.Ordinal);
        for (var round = 0; round <= MaxDepth; round++)
        {
            var parents = new HashSet<string>(StringComparer.Ordinal);
            foreach (var page in pages.Where(p => !chains.ContainsKey(p.Id)))
            {
                var walk = Walk(page, known, unreadable);
                if (walk.Missing is { } parent)
                {
                    parents.Add(parent);
                }
                else
                {
                    chains[page.Id] = walk.Chain;
                }
            }
            if (parents.Count == 0)
            {
                break;
            }
            // Parents of current pages may be archived; they are read like any other.
            foreach (var parent in await client.GetPagesAsync(parents, "current,archived", cancellationToken))
            {
                known[parent.Id] = parent;
            }
            unreadable.UnionWith(parents.Where(p => !known.ContainsKey(p)));
        }
        return chains;
    }

    private static ChainWalk Walk(ConfluencePage page, ConcurrentDictionary<string, ConfluencePage> known, HashSet<string> unreadable)
    {
        var chain = new List<ConfluenceAncestor>();
        var seen = new HashSet<string>(StringComparer.Ordinal) { page.Id };
        for (var current = page; current.ParentId is { } parent; )
        {
            if (current.ParentType is { } type && type != "page" || unreadable.Contains(parent) || !seen.Add(parent) || chain.Count >= MaxDepth)
            {
                return new ChainWalk(null, null);
            }
            if (!known.TryGetValue(parent, out var parentPage))
            {
                return new ChainWalk(null, parent);
            }
            chain.Add(new ConfluenceAncestor(parent, "page"));
            current = parentPage;
        }
        chain.Reverse();
        return new ChainWalk(chain, null);
    }

    private ParallelOptions Options(CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };

    /// <param name="Chain">Ancestors top-most first; null when the ancestors endpoint must say.</param>
    /// <param name="Missing">A parent not read yet: the walk resumes once it is.</param>
    private sealed record ChainWalk(IReadOnlyList<ConfluenceAncestor>? Chain, string? Missing);
}
