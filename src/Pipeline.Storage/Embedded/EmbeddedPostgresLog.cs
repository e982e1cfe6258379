using Microsoft.Extensions.Logging;

namespace Pipeline.Storage.Embedded;

internal static partial class EmbeddedPostgresLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Creating PostgreSQL cluster in {ClusterDirectory}")]
    public static partial void CreatingCluster(this ILogger logger, string clusterDirectory);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Created PostgreSQL cluster in {ClusterDirectory} in {ElapsedMs} ms")]
    public static partial void ClusterCreated(this ILogger logger, string clusterDirectory, long elapsedMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Starting PostgreSQL in {ClusterDirectory} on 127.0.0.1:{Port}")]
    public static partial void StartingServer(this ILogger logger, string clusterDirectory, int port);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "PostgreSQL started (pid {Pid}) on 127.0.0.1:{Port} in {ElapsedMs} ms")]
    public static partial void ServerStarted(this ILogger logger, int? pid, int port, long elapsedMs);

    [LoggerMessage(EventId = 5, Level = LogLevel.Debug, Message = "PostgreSQL already running (pid {Pid}) on 127.0.0.1:{Port}")]
    public static partial void AlreadyRunning(this ILogger logger, int? pid, int port);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Removing stale {PidFile}: its pid {Pid} now belongs to another process; the server was not shut down cleanly")]
    public static partial void RemovingStalePidFile(this ILogger logger, string pidFile, int? pid);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "PostgreSQL in {ClusterDirectory} was not shut down cleanly (pid {Pid} is gone); starting it will run crash recovery")]
    public static partial void RecoveringAfterCrash(this ILogger logger, string clusterDirectory, int? pid);

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning, Message = "Waiting for processes of the dead server (pid {Pid}) to leave {ClusterDirectory} before starting a new one")]
    public static partial void WaitingForOldServerProcesses(this ILogger logger, string clusterDirectory, int? pid);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Port {OldPort} is taken; moving PostgreSQL to port {NewPort}")]
    public static partial void PortTaken(this ILogger logger, int oldPort, int newPort);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "Stopping PostgreSQL in {ClusterDirectory}")]
    public static partial void StoppingServer(this ILogger logger, string clusterDirectory);

    [LoggerMessage(EventId = 9, Level = LogLevel.Debug, Message = "PostgreSQL in {ClusterDirectory} is not running; nothing to stop")]
    public static partial void NotRunning(this ILogger logger, string clusterDirectory);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Waiting for {LockFile}: another process is creating, starting or stopping the cluster")]
    public static partial void WaitingForClusterLock(this ILogger logger, string lockFile);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Created database {Database} with the vector extension")]
    public static partial void DatabaseCreated(this ILogger logger, string database);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "{Command} exited but its output pipes stayed open; a process it started holds them")]
    public static partial void ChildOutputLeftOpen(this ILogger logger, string command);

    [LoggerMessage(EventId = 13, Level = LogLevel.Debug, Message = "Waiting for PostgreSQL (pid {Pid}, ready {Ready}) to accept connections or exit")]
    public static partial void WaitingForServer(this ILogger logger, int? pid, bool ready);
}
