using System.Net.Http.Headers;

namespace Pipeline.Connectors.Atlassian;

/// <summary>How long a 429/503 asked us to wait: <c>Retry-After</c> as delta seconds or as an HTTP date.</summary>
internal static class RetryAfter
{
    public static TimeSpan? Of(HttpResponseMessage? response, TimeProvider time)
    {
        if (response?.Headers.RetryAfter is not { } header)
        {
            return null;
        }
        return Of(header, time.GetUtcNow());
    }

    public static TimeSpan? Of(RetryConditionHeaderValue header, DateTimeOffset now)
    {
        if (header.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }
        if (header.Date is { } date)
        {
            // A date in the past (clock skew) means "now", not a negative wait.
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }
}
