using System.Diagnostics;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;

namespace Pipeline.Storage.Embedded;

/// <summary>Starts a stopped cluster on its remembered port, moving to a free one when that is taken.</summary>
[SupportedOSPlatform("linux")]
internal sealed class ServerStarter(ClusterLayout layout, ServiceAccount account, PgCtl pgCtl, ILogger logger)
{
    private const int MaxAttempts = 3;

    /// <summary>Returns the port the server listens on. Caller holds the cluster lock.</summary>
    public async Task<int> StartAsync(CancellationToken cancellationToken)
    {
        var port = ChoosePort();
        for (var attempt = 1; ; attempt++)
        {
            await WriteConfigAsync(port, cancellationToken);
            logger.StartingServer(layout.ClusterDirectory, port);
            var elapsed = Stopwatch.StartNew();
            try
            {
                await pgCtl.StartAsync(cancellationToken);
            }
            catch (EmbeddedPostgresException) when (attempt < MaxAttempts && !IsAlive() && !TcpPorts.IsFree(port))
            {
                // Someone grabbed the port between our check and the server's bind.
                var next = TcpPorts.AllocateFree();
                logger.PortTaken(port, next);
                port = next;
                continue;
            }

            var started = PostmasterPidFile.Inspect(layout.ClusterDirectory);
            logger.ServerStarted(started.Pid, started.Port ?? port, elapsed.ElapsedMilliseconds);
            return started.Port ?? port;
        }
    }

    /// <summary>The remembered port if it is still free, so connection strings handed out earlier keep working.</summary>
    private int ChoosePort()
    {
        var remembered = ClusterConfig.ReadPort(ClusterLayout.ConfigFile(layout.ClusterDirectory));
        if (remembered is int port && TcpPorts.IsFree(port))
            return port;
        var fresh = TcpPorts.AllocateFree();
        if (remembered is int taken)
            logger.PortTaken(taken, fresh);
        return fresh;
    }

    private async Task WriteConfigAsync(int port, CancellationToken cancellationToken)
    {
        var path = ClusterLayout.ConfigFile(layout.ClusterDirectory);
        var content = ClusterConfig.Render(layout, port);
        if (File.Exists(path) && await File.ReadAllTextAsync(path, cancellationToken) == content)
            return;
        PrivateFile.Write(path, content);
        await account.GiveAsync([path], cancellationToken);
    }

    private bool IsAlive() => PostmasterPidFile.Inspect(layout.ClusterDirectory).State == PostmasterState.Alive;
}
