using System.Net;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Pipeline.Connectors.Atlassian;

/// <summary>
/// Retry (outermost) → circuit breaker → per-attempt timeout, around each HTTP attempt. Retries honour
/// <c>Retry-After</c> on 429/503 and otherwise back off exponentially with jitter; 401/403/404 and other 4xx are
/// answers, not faults, and pass straight through.
/// </summary>
internal static partial class AtlassianResiliencePipeline
{
    // Backoff without Retry-After never waits longer than this between two attempts.
    private static readonly TimeSpan MaxBackoff = AtlassianSiteOptions.MaxBackoff;

    // Spreads concurrent requests that were all told the same Retry-After.
    private static readonly TimeSpan RetryAfterJitter = AtlassianSiteOptions.RetryAfterJitter;

    public static ResiliencePipeline<HttpResponseMessage> Build(
        string product, AtlassianSiteOptions options, RequestCounters counters, TimeProvider time, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage>();
        if (options.Retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.Retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = MaxBackoff,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, options.MaxRetryAfter, time)),
                DelayGenerator = args => ValueTask.FromResult(
                    RetryAfter.Of(args.Outcome.Result, time) is { } wait
                        ? wait + RetryAfterJitter * Random.Shared.NextDouble()
                        : (TimeSpan?)null),
                OnRetry = args =>
                {
                    counters.Retried();
                    LogRetry(logger, product, args.AttemptNumber + 1, (int?)args.Outcome.Result?.StatusCode,
                        args.Outcome.Exception?.GetType().Name, (long)args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }
        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                // Throttling is the server pacing us, not failing: only faults open the circuit.
                ShouldHandle = args => ValueTask.FromResult(IsFault(args.Outcome)),
                FailureRatio = 0.5,
                MinimumThroughput = 10,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(15),
                OnOpened = args =>
                {
                    LogCircuitOpened(logger, product, (long)args.BreakDuration.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(options.Timeout)
            .Build();
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeSpan maxRetryAfter, TimeProvider time)
    {
        if (outcome.Result is { } response)
        {
            if (IsThrottling(response.StatusCode))
            {
                // A wait past the limit is given up at once; the caller reports it as throttled.
                return RetryAfter.Of(response, time) is not { } wait || wait <= maxRetryAfter;
            }
            return IsServerFault(response.StatusCode);
        }
        return IsTransientException(outcome.Exception);
    }

    private static bool IsFault(Outcome<HttpResponseMessage> outcome) =>
        outcome.Result is { } response
            ? IsServerFault(response.StatusCode) && response.StatusCode != HttpStatusCode.ServiceUnavailable
            : IsTransientException(outcome.Exception);

    public static bool IsThrottling(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;

    public static bool IsServerFault(HttpStatusCode status) => (int)status >= 500 || status == HttpStatusCode.RequestTimeout;

    // IOException covers a connection dropped while the body was read (HttpIOException derives from it).
    private static bool IsTransientException(Exception? exception) =>
        exception is HttpRequestException or TimeoutRejectedException or IOException;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Product} request failed (status {Status}, exception {Exception}); retry {Attempt} in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, string product, int attempt, int? status, string? exception, long delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Product} keeps failing; requests are refused for {Seconds} s")]
    private static partial void LogCircuitOpened(ILogger logger, string product, long seconds);
}
