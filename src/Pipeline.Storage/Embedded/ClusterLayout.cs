namespace Pipeline.Storage.Embedded;

/// <summary>
/// Paths inside the data directory. Everything the server writes (cluster, socket, log) sits in sub-folders the
/// service account owns, while the lock and password stay with the invoking user in the data directory itself.
/// </summary>
internal sealed class ClusterLayout(string dataDirectory)
{
    public string Root { get; } = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataDirectory));

    public string ClusterDirectory => Path.Combine(Root, "pg");

    /// <summary>initdb runs here and the result is renamed to <see cref="ClusterDirectory"/>, so a crash mid-initdb never looks like a cluster.</summary>
    public string StagingDirectory => Path.Combine(Root, "pg.init");

    public string SocketDirectory => Path.Combine(Root, "run");

    public string LogDirectory => Path.Combine(Root, "log");

    public string LogFile => Path.Combine(LogDirectory, "postgres.log");

    public string LockFile => Path.Combine(Root, "cluster.lock");

    public string PasswordFile => Path.Combine(Root, "password");

    public string InitdbPasswordFile => Path.Combine(Root, "initdb.pw");

    public string PostmasterPidFile => Path.Combine(ClusterDirectory, "postmaster.pid");

    public bool ClusterExists => File.Exists(Path.Combine(ClusterDirectory, "PG_VERSION"));

    public static string ConfigFile(string clusterDirectory) => Path.Combine(clusterDirectory, ClusterConfig.FileName);
}
