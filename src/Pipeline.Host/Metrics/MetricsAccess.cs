using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Host.Metrics;

public enum MetricsAccessDecision
{
    Allowed,

    /// <summary>401: a token is configured and the request did not present it.</summary>
    Unauthorized,

    /// <summary>403: remote scraping is off because no token is configured.</summary>
    Forbidden,
}

/// <summary>Who may read /metrics: local clients always; remote ones only with the configured bearer token.</summary>
public sealed class MetricsAccess(MetricsOptions options)
{
    private readonly byte[]? _tokenHash = options.Token is { } token ? SHA256.HashData(Encoding.UTF8.GetBytes(token)) : null;

    /// <param name="local">The request comes from this machine (<see cref="Web.LocalRequests"/>); proxied ones never do.</param>
    /// <param name="authorization">The Authorization header, if any.</param>
    public MetricsAccessDecision Decide(bool local, string? authorization)
    {
        if (local)
        {
            return MetricsAccessDecision.Allowed;
        }
        if (_tokenHash is null)
        {
            return MetricsAccessDecision.Forbidden;
        }
        const string scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return MetricsAccessDecision.Unauthorized;
        }
        // Hashes have one length, so the comparison time says nothing about the token's length or its prefix.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, _tokenHash) ? MetricsAccessDecision.Allowed : MetricsAccessDecision.Unauthorized;
    }
}
