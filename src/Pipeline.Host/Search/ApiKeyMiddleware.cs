using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Telemetry;
using Pipeline.Host.Dashboard;
using Pipeline.Host.Web;

namespace Pipeline.Host.Search;

/// <summary>
/// Guards <c>/api/…</c>. Local requests pass as the dashboard's do (<see cref="DashboardAccessOptions.TrustLocal"/>, the
/// same <see cref="LocalRequests"/> rule); others must send a key of <c>PIPELINE_API_KEYS</c> as
/// <c>Authorization: Bearer KEY</c> or <c>X-Api-Key: KEY</c>. No key: 401; a wrong key: 401 and a failure counted
/// against the client (429 past the dashboard's per-minute limit); no keys configured: 403.
/// </summary>
public sealed partial class ApiKeyMiddleware
{
    public const string AuthenticationType = "pipeline-api-key";
    public const string KeyHeader = "X-Api-Key";
    private const string Challenge = "Bearer realm=\"pipeline api\"";

    private readonly RequestDelegate _next;
    private readonly ApiKeyOptions _keys;
    private readonly bool _trustLocal;
    private readonly LocalRequests _localRequests;
    private readonly SignInThrottle _throttle;
    private readonly SignInSlots _slots;
    private readonly PipelineMetrics _metrics;
    private readonly ILogger<ApiKeyMiddleware> _logger;

    // Verifying a key is a PBKDF2 derivation per configured key, a few hundred milliseconds each by design, and a RAG
    // application calls on every question: a key once verified is remembered by its SHA-256 (never the key itself), so
    // later requests cost one hash. Only keys that verified are stored, so the table holds at most one entry per key.
    private readonly ConcurrentDictionary<string, ApiKey> _verified = new(StringComparer.Ordinal);

    public ApiKeyMiddleware(RequestDelegate next, ApiKeyOptions keys, DashboardAccessOptions dashboard, LocalRequests localRequests, SignInSlots slots,
        PipelineMetrics metrics, TimeProvider time, ILogger<ApiKeyMiddleware> logger)
    {
        (_next, _keys, _localRequests, _slots, _metrics, _logger) = (next, keys, localRequests, slots, metrics, logger);
        _trustLocal = dashboard.TrustLocal;
        _throttle = new SignInThrottle(dashboard.MaxFailedSignInsPerMinute, time);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (_trustLocal && _localRequests.IsLocal(context))
        {
            context.User = Principal("local");
            await _next(context);
            return;
        }
        if (_keys.Keys.Count == 0)
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden,
                $"the API serves local clients only: no keys are configured (set {ApiKeyOptions.KeysKey}, see runbooks/search-api.md)");
            return;
        }
        if (PresentedKey(context.Request.Headers) is not { Length: > 0 } presented)
        {
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, $"send an API key as 'Authorization: Bearer KEY' or '{KeyHeader}: KEY'");
            return;
        }
        var key = await AuthenticateAsync(context, presented);
        if (key is null)
        {
            return;
        }
        context.User = Principal(key.Name);
        await _next(context);
    }

    /// <summary>The key from <c>Authorization: Bearer</c>, else from <see cref="KeyHeader"/>; null when neither is sent.</summary>
    public static string? PresentedKey(IHeaderDictionary headers)
    {
        const string scheme = "Bearer ";
        var authorization = headers.Authorization.ToString();
        if (authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return authorization[scheme.Length..].Trim();
        }
        return headers[KeyHeader].ToString().Trim() is { Length: > 0 } key ? key : null;
    }

    /// <returns>The key's entry, or null when the response (401, 429 or 503) has been written.</returns>
    private async Task<ApiKey?> AuthenticateAsync(HttpContext context, string presented)
    {
        var digest = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
        if (_verified.TryGetValue(digest, out var known))
        {
            return known;
        }
        var client = SignInThrottle.ClientKey(context);
        if (_throttle.RetryAfter(client) is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await RefuseAsync(context, StatusCodes.Status429TooManyRequests, "too many wrong API keys from this client; wait and retry");
            return null;
        }
        if (!await _slots.EnterAsync(SignInSlots.Wait, context.RequestAborted))
        {
            context.Response.Headers.RetryAfter = ((int)SignInSlots.Wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            await RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, "too many key checks at once; retry shortly");
            return null;
        }
        ApiKey? match;
        try
        {
            // Every configured hash is tried, so a wrong key costs the same whichever entry it resembles.
            match = null;
            foreach (var key in _keys.Keys)
            {
                if (key.Hash.Verify(presented) && match is null)
                {
                    match = key;
                }
            }
        }
        finally
        {
            _slots.Leave();
        }
        if (match is null)
        {
            _throttle.RecordFailure(client);
            LogRejected(_logger, client);
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, "the API key is not valid");
            return null;
        }
        _verified[digest] = match;
        return match;
    }

    private async Task RefuseAsync(HttpContext context, int status, string error)
    {
        _metrics.SearchRequest(status);
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = Challenge;
        }
        await context.Response.WriteAsJsonAsync(new ApiError(error), context.RequestAborted);
    }

    private static ClaimsPrincipal Principal(string name) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name)], AuthenticationType));

    [LoggerMessage(Level = LogLevel.Warning, Message = "API request with an unknown key refused from client {Client}")]
    private static partial void LogRejected(ILogger logger, string client);
}
