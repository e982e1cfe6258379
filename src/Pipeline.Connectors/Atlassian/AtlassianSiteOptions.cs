namespace Pipeline.Connectors.Atlassian;

/// <summary>What every Atlassian source needs to reach its site politely: where, how many at once, how patiently.</summary>
public abstract record AtlassianSiteOptions
{
    /// <summary>Site root: <c>https://example.atlassian.net</c>, or a Data Center base with its context path.</summary>
    public required string SiteUrl { get; init; }

    /// <summary>Requests in flight at once against the site; Atlassian advises serialising per tenant, so keep it low.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>Per attempt, body included: a retry gets a fresh timeout.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt for throttling (429/503), 5xx, network errors and timeouts.</summary>
    public int Retries { get; init; } = 4;

    /// <summary>First back-off delay, doubled per retry with jitter, when the server gives no <c>Retry-After</c>.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Longest <c>Retry-After</c> honoured. A quota reset an hour away should fail the run (the next one resumes)
    /// rather than hold a worker asleep.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Largest response body read; a 10 MB Confluence page fits, a runaway response does not.</summary>
    public long MaxResponseBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>The site as an absolute URI ending in '/', so relative API paths keep a Data Center context path.</summary>
    internal virtual Uri SiteUri => new(SiteUrl.TrimEnd('/') + "/", UriKind.Absolute);

    protected void ValidateSite(string product)
    {
        if (string.IsNullOrWhiteSpace(SiteUrl)
            || !Uri.TryCreate(SiteUrl, UriKind.Absolute, out var site)
            || site.Scheme is not ("https" or "http")
            || !string.IsNullOrEmpty(site.Query)
            || !string.IsNullOrEmpty(site.UserInfo))
        {
            // The value is not echoed: a mistyped setting may hold a token.
            throw new ArgumentException($"{product} site URL must be an absolute http(s) URL without query or user info, e.g. https://example.atlassian.net");
        }
        if (MaxConcurrency is < 1 or > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrency), MaxConcurrency, "must be between 1 and 32");
        }
        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "must be positive and at most 10 minutes");
        }
        if (Retries is < 0 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(Retries), Retries, "must be between 0 and 10");
        }
        if (RetryBaseDelay < TimeSpan.Zero || RetryBaseDelay > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentOutOfRangeException(nameof(RetryBaseDelay), RetryBaseDelay, "must be between 0 and 1 minute");
        }
        if (MaxRetryAfter < TimeSpan.Zero || MaxRetryAfter > TimeSpan.FromHours(1))
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetryAfter), MaxRetryAfter, "must be between 0 and 1 hour");
        }
        if (MaxResponseBytes is < 64 * 1024 or > 512L * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxResponseBytes), MaxResponseBytes, "must be between 64 KB and 512 MB");
        }
    }
}
