using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Pipeline.Host.Web;

namespace Pipeline.Host.Dashboard;

/// <summary>
/// Puts a user with a role on every dashboard request: local requests (when trusted, see <see cref="LocalRequests"/>)
/// act as operator; others must send HTTP basic credentials of a configured user, or get 401 with a challenge.
/// Failed sign-ins are throttled per client (429) and verifications run a few at a time (503 when none frees up).
/// </summary>
public sealed partial class DashboardAccessMiddleware
{
    public const string AuthenticationType = "pipeline-dashboard";
    private const string Challenge = "Basic realm=\"pipeline dashboard\", charset=\"UTF-8\"";

    private readonly RequestDelegate _next;
    private readonly DashboardAccessOptions _options;
    private readonly LocalRequests _localRequests;
    private readonly ILogger<DashboardAccessMiddleware> _logger;
    private readonly SignInThrottle _throttle;
    private readonly SignInSlots _slots;

    // PBKDF2 costs a few hundred milliseconds by design, and the dashboard polls every few seconds: a verified
    // (user, password) pair is remembered by a SHA-256 of both, never the password itself.
    private readonly ConcurrentDictionary<string, DashboardUser> _verified = new(StringComparer.Ordinal);

    // Unknown users are checked against this, at the highest configured cost, so a wrong name takes as long as a
    // wrong password and timing does not tell which names exist.
    private readonly DashboardPasswordHash _decoy;

    public DashboardAccessMiddleware(RequestDelegate next, DashboardAccessOptions options, LocalRequests localRequests, SignInSlots slots,
        TimeProvider time, ILogger<DashboardAccessMiddleware> logger)
    {
        (_next, _options, _localRequests, _logger) = (next, options, localRequests, logger);
        _throttle = new SignInThrottle(options.MaxFailedSignInsPerMinute, time);
        _slots = slots;
        _decoy = DashboardPasswordHash.Create(Guid.NewGuid().ToString(), options.DecoyIterations);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (_options.TrustLocal && _localRequests.IsLocal(context))
        {
            context.User = Principal("local", DashboardRole.Operator);
            await _next(context);
            return;
        }
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            // No credentials yet (a browser's first request) is not a failed sign-in.
            Refuse(context, StatusCodes.Status401Unauthorized, challenge: true);
            return;
        }
        var user = await AuthenticateAsync(context, header);
        if (user is null)
        {
            return;
        }
        context.User = Principal(user.Name, user.Role);
        await _next(context);
    }

    public static bool IsOperator(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.IsInRole(DashboardRoleNames.Operator);

    /// <returns>The user, or null when the response (401, 429 or 503) has been set.</returns>
    private async Task<DashboardUser?> AuthenticateAsync(HttpContext context, string header)
    {
        var decoded = Decode(header);
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(decoded ?? "")));
        if (decoded is not null && _verified.TryGetValue(key, out var known))
        {
            return known;
        }
        var client = SignInThrottle.ClientKey(context);
        if (_throttle.RetryAfter(client) is { } retryAfter)
        {
            Refuse(context, StatusCodes.Status429TooManyRequests, challenge: false, retryAfter);
            return null;
        }
        var colon = decoded?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (decoded is null || colon <= 0)
        {
            _throttle.RecordFailure(client);
            Refuse(context, StatusCodes.Status401Unauthorized, challenge: true);
            return null;
        }
        var (name, password) = (decoded[..colon], decoded[(colon + 1)..]);
        if (!await _slots.EnterAsync(SignInSlots.Wait, context.RequestAborted))
        {
            Refuse(context, StatusCodes.Status503ServiceUnavailable, challenge: false, SignInSlots.Wait);
            return null;
        }
        DashboardUser? user;
        try
        {
            user = _options.Find(name);
            if (!(user?.Password ?? _decoy).Verify(password))
            {
                user = null;
            }
        }
        finally
        {
            _slots.Leave();
        }
        if (user is null)
        {
            _throttle.RecordFailure(client);
            LogRejected(_logger, LogText.Escape(name), client);
            Refuse(context, StatusCodes.Status401Unauthorized, challenge: true);
            return null;
        }
        _verified[key] = user;
        return user;
    }

    private static string? Decode(string header)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static void Refuse(HttpContext context, int status, bool challenge, TimeSpan? retryAfter = null)
    {
        context.Response.StatusCode = status;
        if (challenge)
        {
            context.Response.Headers.WWWAuthenticate = Challenge;
        }
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
    }

    private static ClaimsPrincipal Principal(string name, DashboardRole role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role.Name())], AuthenticationType));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard sign-in rejected for user {User} from client {Client}")]
    private static partial void LogRejected(ILogger logger, string user, string client);
}
