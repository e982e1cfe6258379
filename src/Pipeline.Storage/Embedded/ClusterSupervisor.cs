using System.Diagnostics;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;

namespace Pipeline.Storage.Embedded;

/// <summary>Brings the cluster to "running and accepting connections" from whatever state it was left in.</summary>
[SupportedOSPlatform("linux")]
internal sealed class ClusterSupervisor(
    ClusterLayout layout,
    EmbeddedPostgresOptions options,
    ServiceAccount account,
    ClusterFolders folders,
    ClusterInitializer initializer,
    ServerStarter starter,
    ILogger logger)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ConnectProbeTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Returns the port of a ready server, creating and starting it as needed. Caller holds the cluster lock.</summary>
    public async Task<int> EnsureRunningAsync(CancellationToken cancellationToken)
    {
        await folders.PrepareAsync(cancellationToken);
        if (!layout.ClusterExists)
            await initializer.CreateAsync(cancellationToken);

        var waited = Stopwatch.StartNew();
        while (true)
        {
            var postmaster = PostmasterPidFile.Inspect(layout.ClusterDirectory);
            var interlock = InterlockState.Free;
            switch (postmaster.State)
            {
                case PostmasterState.Absent:
                    return await starter.StartAsync(cancellationToken);
                case PostmasterState.Stale when (interlock = SharedMemoryInterlock.Check(layout.ClusterDirectory)) != InterlockState.Held:
                    ForgetDeadServer(postmaster);
                    return await starter.StartAsync(cancellationToken);
                case PostmasterState.Stale:
                    logger.WaitingForOldServerProcesses(layout.ClusterDirectory, postmaster.Pid);
                    break;
                case PostmasterState.Alive when postmaster is { Ready: true, Port: int port }
                                                && await TcpPorts.AnswersAsync(port, ConnectProbeTimeout, cancellationToken):
                    logger.AlreadyRunning(postmaster.Pid, port);
                    return port;
                default:
                    // Starting, stopping or not answering: started or being stopped outside our lock (pg_ctl by hand).
                    logger.WaitingForServer(postmaster.Pid, postmaster.Ready);
                    break;
            }

            if (waited.Elapsed > options.StartTimeout)
                throw NotReady(postmaster, interlock);
            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>
    /// A dead server's pid file: the server recovers from it by itself (after its own shared memory check), unless
    /// the recorded pid now belongs to a live process, which it would take for a running server. Only then do we
    /// delete it: we hold the lock, and the interlock showed no survivors (or, rarely, could not be read).
    /// </summary>
    private void ForgetDeadServer(PostmasterInfo postmaster)
    {
        if (!postmaster.PidReused)
        {
            logger.RecoveringAfterCrash(layout.ClusterDirectory, postmaster.Pid);
            return;
        }
        logger.RemovingStalePidFile(layout.PostmasterPidFile, postmaster.Pid);
        File.Delete(layout.PostmasterPidFile);
    }

    private EmbeddedPostgresException NotReady(PostmasterInfo postmaster, InterlockState interlock) => new(
        (interlock == InterlockState.Held
            ? $"Processes of a dead PostgreSQL server (pid {postmaster.Pid}) still run on {layout.ClusterDirectory}; starting another would corrupt it. " +
              $"Wait for them to exit or terminate them (ps -u {account.DelegateTo ?? Environment.UserName} -f), then retry."
            : $"PostgreSQL (pid {postmaster.Pid}) owns {layout.ClusterDirectory} but did not accept connections on 127.0.0.1:{postmaster.Port} " +
              $"within {options.StartTimeout.TotalSeconds:0} s.") +
        $"{Environment.NewLine}Server log {layout.LogFile} ends with:{Environment.NewLine}{Tail.OfFile(layout.LogFile)}");
}
