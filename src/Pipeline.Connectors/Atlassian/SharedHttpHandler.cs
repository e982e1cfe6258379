using System.Net;

namespace Pipeline.Connectors.Atlassian;

/// <summary>
/// One connection pool for every Atlassian source of the process. Sources are created per run and never
/// disposed, so each owning a handler would leak sockets; a pooled lifetime still picks up DNS changes.
/// </summary>
internal static class SharedHttpHandler
{
    public static HttpMessageHandler Instance { get; } = new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        AutomaticDecompression = DecompressionMethods.All,
        // Redirects are refused: following one to another host would carry the Authorization header along.
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(15),
        // The unread rest of a capped body (an endless error page) is drained at most this far, then the connection
        // is closed rather than reused: the defaults, spelled out because the error cap relies on them.
        MaxResponseDrainSize = 1024 * 1024,
        ResponseDrainTimeout = TimeSpan.FromSeconds(2),
    };

    // The per-attempt timeout (a Polly strategy) is what cuts a request; this backstop only catches a path that
    // escaped it, so a request can never wait for ever.
    private static readonly TimeSpan BackstopMargin = TimeSpan.FromSeconds(30);

    /// <summary>A client on the shared pool whose own timeout is finite: the per-attempt timeout plus a margin.</summary>
    public static HttpClient CreateClient(TimeSpan attemptTimeout) =>
        new(Instance, disposeHandler: false) { Timeout = attemptTimeout + BackstopMargin };
}
