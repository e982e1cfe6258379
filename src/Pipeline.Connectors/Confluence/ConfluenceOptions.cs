using System.Text.RegularExpressions;
using Pipeline.Connectors.Atlassian;

namespace Pipeline.Connectors.Confluence;

/// <summary>Which Confluence Cloud spaces a source covers and how it reaches the site (REST v2 under <c>/wiki/api/v2</c>).</summary>
public sealed partial record ConfluenceOptions : AtlassianSiteOptions
{
    /// <summary>Space keys, e.g. <c>ENG</c>; resolved to ids once per source.</summary>
    public required IReadOnlyList<string> SpaceKeys { get; init; }

    /// <summary>Pages per listing request (v2 allows 1–250); listings carry no bodies, so large pages are cheap.</summary>
    public int PageSize { get; init; } = 100;

    [GeneratedRegex("^[A-Za-z0-9_~-]{1,255}$", RegexOptions.CultureInvariant)]
    private static partial Regex SpaceKey();

    /// <summary>The site root: a trailing <c>/wiki</c> is accepted and dropped, as every API path starts with it.</summary>
    internal override Uri SiteUri
    {
        get
        {
            var site = SiteUrl.TrimEnd('/');
            return new Uri((site.EndsWith("/wiki", StringComparison.OrdinalIgnoreCase) ? site[..^5] : site) + "/", UriKind.Absolute);
        }
    }

    public void Validate()
    {
        ValidateSite("Confluence");
        if (SpaceKeys is null || SpaceKeys.Count == 0)
        {
            throw new ArgumentException("the Confluence source needs at least one space key");
        }
        if (SpaceKeys.FirstOrDefault(k => !SpaceKey().IsMatch(k ?? "")) is { } bad)
        {
            throw new ArgumentException($"'{bad}' is not a Confluence space key");
        }
        if (PageSize is < 1 or > 250)
        {
            throw new ArgumentOutOfRangeException(nameof(PageSize), PageSize, "must be between 1 and 250");
        }
    }
}
