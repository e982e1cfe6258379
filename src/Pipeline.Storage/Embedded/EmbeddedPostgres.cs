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

    private static readonly string[] ReservedDatabases = ["postgres", "template0", "template1"];

    private readonly EmbeddedPostgresOptions options;
    private readonly ClusterLayout layout;
    private readonly ClusterFolders folders;
    private readonly ClusterSupervisor supervisor;
    private readonly PgCtl pgCtl;
    private readonly ClusterUsers users;
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
        users = new ClusterUsers(layout);
        var account = ServiceAccount.ForCurrentProcess(options.ServiceUser, this.logger, options.StartTimeout);
        folders = new ClusterFolders(layout, account);
        pgCtl = new PgCtl(layout, options, account, this.logger);
        supervisor = new ClusterSupervisor(layout, options, account, folders,
            new ClusterInitializer(layout, options, account, this.logger),
            new ServerStarter(layout, account, pgCtl, this.logger), this.logger);
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
    /// Registers this process as a user of the cluster until it exits, so that <see cref="StopAsync(bool, CancellationToken)"/>
    /// does not pull the server from under it.
    /// </summary>
    public async Task<string> EnsureStartedAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
            throw NotLinux();
        folders.CreateRoot();
        using (await ClusterLock.AcquireAsync(layout.LockFile, options.StartTimeout, logger, cancellationToken))
        {
            // Under the lock, before starting: a stop that takes the lock next is sure to see us.
            users.RegisterCurrentProcess();
            var port = await supervisor.EnsureRunningAsync(cancellationToken);
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

    /// <summary>Stops the server unless another live process uses it; see <see cref="StopAsync(bool, CancellationToken)"/>.</summary>
    public Task<ClusterStop> StopAsync(CancellationToken cancellationToken) => StopAsync(force: false, cancellationToken);

    /// <summary>
    /// Fast shutdown (open sessions are ended), waiting until the server is gone. No-op when it is not running.
    /// Refused (the server keeps running) while another live process is registered as a user, unless
    /// <paramref name="force"/>; this process's own registration never blocks it.
    /// </summary>
    public async Task<ClusterStop> StopAsync(bool force, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
            throw NotLinux();
        if (!Directory.Exists(layout.Root))
            return new ClusterStop(ClusterStopOutcome.NotRunning, []);
        using (await ClusterLock.AcquireAsync(layout.LockFile, options.StartTimeout, logger, cancellationToken))
        {
            // Under the lock: no process can register (it registers under the lock too) between this check and the stop.
            var others = users.Others();
            if (PostmasterPidFile.Inspect(layout.ClusterDirectory).State != PostmasterState.Alive)
            {
                logger.NotRunning(layout.ClusterDirectory);
                return new ClusterStop(ClusterStopOutcome.NotRunning, others);
            }
            if (others.Count > 0 && !force)
                return new ClusterStop(ClusterStopOutcome.RefusedInUse, others);
            logger.StoppingServer(layout.ClusterDirectory);
            await pgCtl.StopAsync(cancellationToken);
            return new ClusterStop(ClusterStopOutcome.Stopped, others);
        }
    }

    /// <summary>The other live processes registered as using this cluster (stale registrations are cleaned up). No lock taken.</summary>
    public IReadOnlyList<ClusterUser> OtherUsers() => OperatingSystem.IsLinux() ? users.Others() : throw NotLinux();

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
