using System.Net;
using Microsoft.AspNetCore.Http;
using Pipeline.Host.Web;

namespace Pipeline.Host.Dashboard;

/// <summary>
/// Counts failed sign-ins per client in one-minute windows; a client at the limit is refused (429) until its
/// window ends, so guessing passwords (and burning PBKDF2 CPU) goes at most that fast.
/// </summary>
public sealed class SignInThrottle(int maxFailuresPerMinute, TimeProvider time)
{
    /// <summary>Bounds the memory an attacker with many addresses can make us spend.</summary>
    public const int MaxClients = 4096;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // Once the table is full of live windows, every further client shares this one: they are throttled together
    // rather than not at all.
    private const string Overflow = "(overflow)";

    private readonly Dictionary<string, (DateTimeOffset Start, int Failures)> _clients = new(StringComparer.Ordinal);

    /// <returns>How long the client must wait, or null when it may try.</returns>
    public TimeSpan? RetryAfter(string client)
    {
        lock (_clients)
        {
            var now = time.GetUtcNow();
            if (!_clients.TryGetValue(client, out var window) && (_clients.Count < MaxClients || !_clients.TryGetValue(Overflow, out window)))
            {
                return null;
            }
            var left = window.Start + Window - now;
            return window.Failures >= maxFailuresPerMinute && left > TimeSpan.Zero ? left : null;
        }
    }

    public void RecordFailure(string client)
    {
        lock (_clients)
        {
            var now = time.GetUtcNow();
            if (!_clients.ContainsKey(client) && _clients.Count >= MaxClients)
            {
                foreach (var expired in _clients.Where(c => c.Value.Start + Window <= now).Select(c => c.Key).ToList())
                {
                    _clients.Remove(expired);
                }
                client = _clients.Count >= MaxClients ? Overflow : client;
            }
            _clients[client] = _clients.TryGetValue(client, out var window) && window.Start + Window > now
                ? (window.Start, window.Failures + 1)
                : (now, 1);
        }
    }

    /// <summary>
    /// The client a sign-in is counted against. Behind a reverse proxy on this machine every client shares the
    /// proxy's loopback address, so the last X-Forwarded-For entry (the one the proxy itself appended) names it.
    /// IPv6 clients are grouped by /64: one host usually owns a whole /64 and could otherwise rotate through it.
    /// </summary>
    public static string ClientKey(HttpContext context)
    {
        var peer = context.Connection.RemoteIpAddress;
        if (LocalRequests.IsLoopback(peer) && context.Request.Headers["X-Forwarded-For"].ToString() is { Length: > 0 } forwardedFor
            && IPAddress.TryParse(forwardedFor.Split(',')[^1].Trim(), out var forwarded))
        {
            peer = forwarded;
        }
        if (peer is null)
        {
            return "(unknown)";
        }
        if (peer.IsIPv4MappedToIPv6)
        {
            return peer.MapToIPv4().ToString();
        }
        if (peer.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return peer.ToString();
        }
        var bytes = peer.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
