using System.Diagnostics;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Pipeline.Storage.Embedded;

/// <summary>
/// A private PostgreSQL 15 cluster (with pgvector) under a data folder, for when no connection string is configured.
/// Created on first use, then reused; the server is a daemon that outlives this process until <see cref="StopAsync"/>.
/// Safe to call from several processes at once: create/start/stop are serialized by <see cref="ClusterLock"/>.
/// Linux only (flock semantics and /proc).
/// </summary>
public sealed class EmbeddedPostgres
{
    /// <summary>The cluster's superuser; it logs in over TCP with the password generated at initdb.</summary>
    public const string SuperUser = "pipeline";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ConnectProbeTimeout = TimeSpan.FromSeconds(2);
    private static readonly string[] ReservedDatabases = ["postgres", "template0", "template1"];

    private readonly EmbeddedPostgresOptions options;
    private readonly ClusterLayout layout;
    private readonly ServiceAccount account;
    private readonly ClusterInitializer initializer;
    private readonly PgCtl pgCtl;
    private readonly ILogger logger;

    public EmbeddedPostgres(EmbeddedPostgresOptions options, ILogger<EmbeddedPostgres>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!OperatingSystem.IsLinux())
            throw NotLinux();
        this.options = options;
        this.logger = logger ?? NullLogger<EmbeddedPostgres>.Instance;
        layout = new ClusterLayout(options.DataDirectory);
        account = ServiceAccount.ForCurrentProcess(options.ServiceUser, this.logger, options.StartTimeout);
        initializer = new ClusterInitializer(layout, options, account, this.logger);
        pgCtl = new PgCtl(layout, options, account, this.logger);
    }

    /// <summary>Absolute data folder.</summary>
    public string DataDirectory => layout.Root;

    /// <summary>Server log; exception messages point here too.</summary>
    public string LogFile => layout.LogFile;

    /// <summary>Whether this cluster's postmaster is alive (it may still be starting or stopping). No lock taken.</summary>
    public bool IsRunning => OperatingSystem.IsLinux()
        ? PostmasterPidFile.Inspect(layout.ClusterDirectory).State == PostmasterState.Alive
        : throw NotLinux();

    /// <summary>
    /// Creates the cluster if needed, starts it if it is not running, makes sure the configured database exists with
    /// the vector extension, and returns its Npgsql connection string (it carries the generated password: do not log it).
    /// </summary>
    public async Task<string> EnsureStartedAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
            throw NotLinux();
        CreateRoot();
        using (await ClusterLock.AcquireAsync(layout.LockFile, options.StartTimeout, logger, cancellationToken))
        {
            var port = await EnsureRunningAsync(cancellationToken);
            var target = ConnectionTo(port, options.Database);
            // Under the lock too: a caller that finds the server up must not race past the one still creating the database.
            await DatabaseProvisioner.EnsureAsync(target, cancellationToken);
            return target.ConnectionString;
        }
    }

    /// <summary>
    /// Drops (ending its sessions) and recreates database <paramref name="name"/> with the vector extension in this
    /// cluster, starting it if needed. Lets tests and benchmarks isolate themselves.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        if (!PgIdentifier.IsSimple(name) || ReservedDatabases.Contains(name) || name == options.Database)
            throw new ArgumentException(
                $"'{name}' must match {PgIdentifier.Pattern} and must not be a system database or the main database '{options.Database}'", nameof(name));
        var target = new NpgsqlConnectionStringBuilder(await EnsureStartedAsync(cancellationToken)) { Database = name };
        await DatabaseProvisioner.RecreateAsync(target, cancellationToken);
        logger.DatabaseCreated(name);
        return target.ConnectionString;
    }

    /// <summary>Fast shutdown (open sessions are ended), waiting until the server is gone. No-op when it is not running.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
            throw NotLinux();
        if (!Directory.Exists(layout.Root))
            return;
        using (await ClusterLock.AcquireAsync(layout.LockFile, options.StartTimeout, logger, cancellationToken))
        {
            if (PostmasterPidFile.Inspect(layout.ClusterDirectory).State != PostmasterState.Alive)
            {
                logger.NotRunning(layout.ClusterDirectory);
                return;
            }
            logger.StoppingServer(layout.ClusterDirectory);
            await pgCtl.StopAsync(cancellationToken);
        }
    }

    /// <summary>Returns the port of a ready server, creating and starting one as needed. Caller holds the lock.</summary>
    [SupportedOSPlatform("linux")]
    private async Task<int> EnsureRunningAsync(CancellationToken cancellationToken)
    {
        await PrepareFoldersAsync(cancellationToken);
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
                    return await StartAsync(cancellationToken);
                case PostmasterState.Stale when (interlock = SharedMemoryInterlock.Check(layout.ClusterDirectory)) != InterlockState.Held:
                    ForgetDeadServer(postmaster);
                    return await StartAsync(cancellationToken);
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
    /// A dead server's pid file: the server recovers from it by itself (checking the shared memory interlock), unless
    /// the recorded pid now belongs to a live process, which it would take for a running server. Only then do we
    /// delete it, safe because we hold the lock and the interlock showed no survivors.
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

    [SupportedOSPlatform("linux")]
    private async Task<int> StartAsync(CancellationToken cancellationToken)
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
            catch (EmbeddedPostgresException) when (attempt < 3 && !IsRunning && !TcpPorts.IsFree(port))
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

    /// <summary>The remembered port if it is still free, so existing connection strings keep working; otherwise a new one.</summary>
    [SupportedOSPlatform("linux")]
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

    [SupportedOSPlatform("linux")]
    private async Task WriteConfigAsync(int port, CancellationToken cancellationToken)
    {
        var path = ClusterLayout.ConfigFile(layout.ClusterDirectory);
        var content = ClusterConfig.Render(layout, port);
        if (File.Exists(path) && await File.ReadAllTextAsync(path, cancellationToken) == content)
            return;
        PrivateFile.Write(path, content);
        await account.GiveAsync([path], cancellationToken);
    }

    // The lock file lives in the root, so the root must exist before the lock does; CreateDirectory is race-free.
    [SupportedOSPlatform("linux")]
    private void CreateRoot()
    {
        if (Directory.Exists(layout.Root))
            return;
        Directory.CreateDirectory(layout.Root, account.DelegateTo is null
            ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }

    /// <summary>
    /// Socket and log folders belong to whoever runs the server. When that is a service account, the data folder
    /// (ours) gets o+x so it can be traversed but not listed; ancestors are only checked, never changed.
    /// </summary>
    [SupportedOSPlatform("linux")]
    private async Task PrepareFoldersAsync(CancellationToken cancellationToken)
    {
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Directory.CreateDirectory(layout.SocketDirectory, ownerOnly);
        Directory.CreateDirectory(layout.LogDirectory, ownerOnly);
        if (account.DelegateTo is null)
            return;

        var rootMode = File.GetUnixFileMode(layout.Root);
        if (!rootMode.HasFlag(UnixFileMode.OtherExecute))
            File.SetUnixFileMode(layout.Root, rootMode | UnixFileMode.OtherExecute);
        await account.GiveAsync([layout.SocketDirectory, layout.LogDirectory], cancellationToken);
        await account.EnsureCanTraverseAsync(layout.Root, cancellationToken);
    }

    [SupportedOSPlatform("linux")]
    private NpgsqlConnectionStringBuilder ConnectionTo(int port, string database) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        Username = SuperUser,
        Password = ClusterPassword.Read(layout.PasswordFile, layout.Root),
        Database = database,
    };

    // Callers need no platform guards of their own: off Linux every entry point fails the same readable way.
    private static PlatformNotSupportedException NotLinux() =>
        new("The embedded PostgreSQL cluster needs Linux; set PIPELINE_DB to use an existing server");
}
