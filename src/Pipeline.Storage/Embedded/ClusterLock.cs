using System.Diagnostics;
using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;

namespace Pipeline.Storage.Embedded;

/// <summary>
/// Cross-process mutual exclusion around creating, starting and stopping one cluster.
/// On Unix .NET opens a <see cref="FileShare.None"/> stream with flock(LOCK_EX | LOCK_NB): the lock belongs to the
/// open file description, so it excludes other processes and other streams in this process alike, is released by
/// the kernel if the holder dies, and is not inherited by children (the descriptor is close-on-exec), so the
/// long-lived postmaster never ends up holding it. The file itself is never deleted: unlinking a lock file lets
/// two processes lock two different inodes.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class ClusterLock : IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);

    private readonly FileStream stream;

    private ClusterLock(FileStream stream) => this.stream = stream;

    public static async Task<ClusterLock> AcquireAsync(string path, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        EnsureFileLockingIsOn();
        var waited = Stopwatch.StartNew();
        var announced = false;
        while (true)
        {
            try
            {
                return new ClusterLock(new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.OpenOrCreate,
                    Access = FileAccess.ReadWrite,
                    Share = FileShare.None,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                }));
            }
            catch (IOException ex) when (ex.GetType() == typeof(IOException))
            {
                // The exact type is what .NET raises for EWOULDBLOCK; subclasses (missing folder, path too long) are real errors.
                if (waited.Elapsed >= timeout)
                    throw new EmbeddedPostgresException(
                        $"Timed out after {timeout.TotalSeconds:0} s waiting for {path}: another pipeline process is creating, starting or stopping this cluster", ex);
                if (!announced)
                {
                    logger.WaitingForClusterLock(path);
                    announced = true;
                }
                await Task.Delay(RetryDelay, cancellationToken);
            }
        }
    }

    public void Dispose() => stream.Dispose();

    // Both switches turn FileShare.None into a no-op on Unix, which would silently remove our only guard.
    private static void EnsureFileLockingIsOn()
    {
        var disabledBySwitch = AppContext.TryGetSwitch("System.IO.DisableFileLocking", out var disabled) && disabled;
        var variable = Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING");
        if (disabledBySwitch || variable is "1" || string.Equals(variable, "true", StringComparison.OrdinalIgnoreCase))
            throw new EmbeddedPostgresException(
                "File locking is disabled (System.IO.DisableFileLocking / DOTNET_SYSTEM_IO_DISABLEFILELOCKING); the embedded database needs it to keep concurrent starts safe");
    }
}
