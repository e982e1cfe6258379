using System.Collections.Concurrent;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Pipeline.Host.Dashboard;

/// <summary>
/// Puts a user with a role on every dashboard request: local requests (when trusted) act as operator; remote ones
/// must send HTTP basic credentials of a configured user, or get 401 with a challenge.
/// </summary>
public sealed partial class DashboardAccessMiddleware(RequestDelegate next, DashboardAccessOptions options, ILogger<DashboardAccessMiddleware> logger)
{
    public const string AuthenticationType = "pipeline-dashboard";
    private const string Challenge = "Basic realm=\"pipeline dashboard\", charset=\"UTF-8\"";

    // PBKDF2 costs a few hundred milliseconds by design, and the dashboard polls every few seconds: a verified
    // (user, password) pair is remembered by a SHA-256 of both, never the password itself.
    private readonly ConcurrentDictionary<string, DashboardUser> _verified = new(StringComparer.Ordinal);

    // Unknown users are checked against this, so a wrong name costs as much time as a wrong password.
    private static readonly DashboardPasswordHash Decoy = DashboardPasswordHash.Create(Guid.NewGuid().ToString(), DashboardPasswordHash.MinimumIterations);

    public async Task InvokeAsync(HttpContext context)
    {
        if (options.TrustLocal && IsLocal(context))
        {
            context.User = Principal("local", DashboardRole.Operator);
            await next(context);
            return;
        }
        var user = Authenticate(context.Request.Headers.Authorization.ToString());
        if (user is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = Challenge;
            return;
        }
        context.User = Principal(user.Name, user.Role);
        await next(context);
    }

    public static bool IsOperator(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.IsInRole(DashboardRoleNames.Operator);

    private DashboardUser? Authenticate(string header)
    {
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }
        var (name, password) = (decoded[..colon], decoded[(colon + 1)..]);
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(decoded)));
        if (_verified.TryGetValue(key, out var known))
        {
            return known;
        }
        var user = options.Find(name);
        if (!(user?.Password ?? Decoy).Verify(password) || user is null)
        {
            LogRejected(logger, name);
            return null;
        }
        _verified[key] = user;
        return user;
    }

    private static bool IsLocal(HttpContext context)
    {
        var remote = context.Connection.RemoteIpAddress;
        return remote is not null && (IPAddress.IsLoopback(remote) || remote.Equals(context.Connection.LocalIpAddress));
    }

    private static ClaimsPrincipal Principal(string name, DashboardRole role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role.Name())], AuthenticationType));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard sign-in rejected for user {User}")]
    private static partial void LogRejected(ILogger logger, string user);
}
