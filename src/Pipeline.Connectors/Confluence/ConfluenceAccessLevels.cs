namespace Pipeline.Connectors.Confluence;

/// <summary>
/// The levels a page's access is made of, each read once per memo: a space's read holders, and the read restriction
/// of each page or ancestor. A permission sync builds fresh levels per call (it must see today's permissions);
/// ingestion keeps one per source, briefly.
/// </summary>
internal sealed class ConfluenceAccessLevels
{
    private readonly ConfluenceClient _client;
    private readonly ConfluenceAccessMemo<ConfluenceSpaceReaders?> _spaces;
    private readonly ConfluenceAccessMemo<ConfluenceReadRestriction?> _restrictions;

    private ConfluenceAccessLevels(ConfluenceClient client, TimeSpan? lifetime, int maxEntries, bool forgetFailures, TimeProvider time)
    {
        _client = client;
        _spaces = new(lifetime, maxEntries, forgetFailures, time);
        _restrictions = new(lifetime, maxEntries, forgetFailures, time);
    }

    /// <summary>For one permission sync: everything read once, nothing kept past the call.</summary>
    public static ConfluenceAccessLevels ForOneSync(ConfluenceClient client) =>
        new(client, lifetime: null, maxEntries: int.MaxValue, forgetFailures: false, TimeProvider.System);

    /// <summary>For ingestion: shared by the pages of a run, each answer good for <paramref name="lifetime"/>.</summary>
    public static ConfluenceAccessLevels ForIngestion(ConfluenceClient client, TimeSpan lifetime, int maxEntries, TimeProvider? time = null) =>
        new(client, lifetime, maxEntries, forgetFailures: true, time ?? TimeProvider.System);

    public Task<ConfluenceSpaceReaders?> SpaceReadersAsync(string spaceId, CancellationToken cancellationToken) =>
        _spaces.GetAsync(spaceId, token => _client.FindSpaceReadersAsync(spaceId, token), cancellationToken);

    public Task<ConfluenceReadRestriction?> RestrictionAsync(string contentId, CancellationToken cancellationToken) =>
        _restrictions.GetAsync(contentId, token => _client.FindReadRestrictionAsync(contentId, token), cancellationToken);
}
