using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Pipeline.Host.Web;

/// <summary>
/// Which requests count as coming from this machine (the dashboard's password-free operator access, /metrics
/// without a token). All three must hold: the peer is a loopback address; no proxy header says the request was
/// relayed for someone else; and the Host header names this machine, which defeats DNS rebinding (a page on
/// attacker.example that resolves its own name to 127.0.0.1 still sends <c>Host: attacker.example</c>).
/// </summary>
public sealed class LocalRequests
{
    /// <summary>Extra names (comma-separated) under which this machine is reached locally, e.g. its host name.</summary>
    public const string HostsKey = "PIPELINE_DASHBOARD_HOSTS";

    // Any of these means a proxy (on this machine, since the peer is loopback) relays a request from elsewhere.
    private static readonly string[] ProxyHeaders = ["Forwarded", "X-Real-IP"];
    private const string ForwardedPrefix = "X-Forwarded-";

    private readonly HashSet<string> _hosts;

    public LocalRequests(IEnumerable<string> hosts) =>
        _hosts = new HashSet<string>(hosts.Prepend("localhost"), StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Hosts => _hosts;

    /// <exception cref="ArgumentException">A name in <see cref="HostsKey"/> is not a host name.</exception>
    public static LocalRequests From(IConfiguration configuration)
    {
        var names = (configuration[HostsKey] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in names)
        {
            if (Uri.CheckHostName(name) != UriHostNameType.Dns)
            {
                throw new ArgumentException($"{HostsKey}: '{name}' is not a host name (list names without scheme or port; loopback addresses are always accepted)");
            }
        }
        return new LocalRequests(names);
    }

    public bool IsLocal(HttpContext context) =>
        IsLocal(context.Connection.RemoteIpAddress, context.Request.Headers, context.Request.Host);

    public bool IsLocal(IPAddress? peer, IHeaderDictionary headers, HostString host) =>
        IsLoopback(peer) && !IsRelayed(headers) && NamesThisMachine(host);

    public static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>True when a proxy header is present, whatever its value: an empty one is as suspicious as a full one.</summary>
    public static bool IsRelayed(IHeaderDictionary headers) =>
        ProxyHeaders.Any(headers.ContainsKey) || headers.Keys.Any(k => k.StartsWith(ForwardedPrefix, StringComparison.OrdinalIgnoreCase));

    private bool NamesThisMachine(HostString host)
    {
        if (!host.HasValue)
        {
            return false;
        }
        var name = host.Host.TrimEnd('.');
        if (name.StartsWith('[') && name.EndsWith(']'))
        {
            name = name[1..^1];
        }
        return IPAddress.TryParse(name, out var address) ? IsLoopback(address) : _hosts.Contains(name);
    }
}
