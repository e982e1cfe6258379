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

    /// <summary>
    /// Longest one request may take, every attempt timing out and every wait between attempts at its longest. A sync
    /// holds a worker and its source's lock while it waits; a hung site must fail the run (the watermark stays, the
    /// next run resumes) rather than block every later sync of the source for hours.
    /// </summary>
    public static readonly TimeSpan MaxRequestTime = TimeSpan.FromMinutes(15);

    // Mirrors the resilience pipeline: back-off never above this, Retry-After waits get up to this much jitter.
    internal static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    internal static readonly TimeSpan RetryAfterJitter = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Upper bound of one request's time, retries included: <see cref="Retries"/> + 1 attempts of <see cref="Timeout"/>,
    /// plus, between them, the longer of the back-off (exponential with jitter, whose waits sum to less than
    /// 2^retries × <see cref="RetryBaseDelay"/>, each at most 30 s) and a <c>Retry-After</c> of <see cref="MaxRetryAfter"/>.
    /// </summary>
    public TimeSpan WorstCaseRequestTime
    {
        get
        {
            var backoff = TimeSpan.FromTicks((long)Math.Min(RetryBaseDelay.Ticks * Math.Pow(2, Retries), MaxBackoff.Ticks * (double)Retries));
            var throttled = (MaxRetryAfter + RetryAfterJitter) * Retries;
            return Timeout * (Retries + 1) + (backoff > throttled ? backoff : throttled);
        }
    }

    /// <summary>The site as an absolute URI ending in '/', so relative API paths keep a Data Center context path.</summary>
    internal virtual Uri SiteUri => new(SiteUrl.TrimEnd('/') + "/", UriKind.Absolute);

    /// <summary>Why these settings let one request outlast <see cref="MaxRequestTime"/>, or null when they do not.</summary>
    public string? RequestTimeProblem(string product) =>
        WorstCaseRequestTime <= MaxRequestTime
            ? null
            : $"{product} timeouts allow one request to take up to {WorstCaseRequestTime.TotalMinutes:0.#} min ({Retries + 1} attempts of {Timeout.TotalSeconds:0.#} s, "
                + $"waits of up to {MaxRetryAfter.TotalSeconds:0.#} s between them), over the {MaxRequestTime.TotalMinutes:0} min one request may hold a sync; "
                + "lower the timeout, the retries or the longest Retry-After";

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
        if (RequestTimeProblem(product) is { } problem)
        {
            throw new ArgumentException(problem);
        }
        if (MaxResponseBytes is < 64 * 1024 or > 512L * 1024 * 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxResponseBytes), MaxResponseBytes, "must be between 64 KB and 512 MB");
        }
    }
}
