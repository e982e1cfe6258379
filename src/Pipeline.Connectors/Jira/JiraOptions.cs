using System.Text.RegularExpressions;
using Pipeline.Connectors.Atlassian;

namespace Pipeline.Connectors.Jira;

/// <summary>Which Jira issues a source covers and how it reaches the site. Secrets are not here: see <see cref="AtlassianCredentials"/>.</summary>
public sealed partial record JiraOptions : AtlassianSiteOptions
{
    /// <summary>A JQL filter without <c>ORDER BY</c> (the source orders by itself), e.g. <c>project = OPS AND labels = runbook</c>.</summary>
    public string? Jql { get; init; }

    /// <summary>Project keys, used when <see cref="Jql"/> is empty: <c>project in ("OPS", "DEV")</c>.</summary>
    public IReadOnlyList<string> Projects { get; init; } = [];

    public AtlassianDeployment Deployment { get; init; } = AtlassianDeployment.Cloud;

    /// <summary>Issues per search page; Jira caps it at 100 when fields are requested.</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>
    /// Subtracted from the watermark of an incremental listing: JQL dates have minute precision and search is
    /// eventually consistent, so recent updates can surface late.
    /// </summary>
    public int OverlapMinutes { get; init; } = 5;

    /// <summary>
    /// Time zone JQL date literals are read in: Jira uses the profile zone of the searching account, not UTC.
    /// Set it to that account's zone (IANA id, e.g. <c>America/Los_Angeles</c>); left at UTC, an account west of
    /// UTC would have recent updates slip past <c>updated &gt;=</c> until the next full listing.
    /// </summary>
    public string SearchTimeZone { get; init; } = "UTC";

    [GeneratedRegex(@"\border\s+by\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OrderBy();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,254}$", RegexOptions.CultureInvariant)]
    private static partial Regex ProjectKey();

    public void Validate()
    {
        ValidateSite("Jira");
        var hasJql = !string.IsNullOrWhiteSpace(Jql);
        if (hasJql == Projects.Count > 0)
        {
            throw new ArgumentException("give the Jira source either a JQL filter or a list of projects, not both and not neither");
        }
        if (hasJql && OrderBy().IsMatch(Jql!))
        {
            throw new ArgumentException("the Jira JQL filter must not contain ORDER BY: the source orders by 'updated' itself");
        }
        if (Projects.FirstOrDefault(p => !ProjectKey().IsMatch(p ?? "")) is { } bad)
        {
            throw new ArgumentException($"'{bad}' is not a Jira project key (letters, digits and '_', starting with a letter)");
        }
        if (PageSize is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(PageSize), PageSize, "must be between 1 and 100");
        }
        if (OverlapMinutes is < 0 or > 1440)
        {
            throw new ArgumentOutOfRangeException(nameof(OverlapMinutes), OverlapMinutes, "must be between 0 and 1440");
        }
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(SearchTimeZone, out _))
        {
            throw new ArgumentException($"'{SearchTimeZone}' is not a known time zone id (e.g. UTC, Europe/Berlin)");
        }
    }

    internal TimeZoneInfo SearchZone => TimeZoneInfo.FindSystemTimeZoneById(SearchTimeZone);
}
