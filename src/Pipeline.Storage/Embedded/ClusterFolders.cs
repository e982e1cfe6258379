using System.Runtime.Versioning;

namespace Pipeline.Storage.Embedded;

/// <summary>
/// The data folder and the sub-folders the server writes to (socket, log). Those belong to whoever runs the server;
/// when that is a service account, the data folder (ours) gets o+x so it can be traversed but not listed, while
/// its ancestors are only checked, never changed.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class ClusterFolders(ClusterLayout layout, ServiceAccount account)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Needed before the lock, whose file lives in it; CreateDirectory is safe to race.</summary>
    public void CreateRoot()
    {
        if (!Directory.Exists(layout.Root))
            Directory.CreateDirectory(layout.Root, account.DelegateTo is null ? OwnerOnly : OwnerOnly | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
    }

    /// <summary>Idempotent, and repeated on every start so a crash between mkdir and chown heals itself.</summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(layout.SocketDirectory, OwnerOnly);
        Directory.CreateDirectory(layout.LogDirectory, OwnerOnly);
        if (account.DelegateTo is null)
            return;

        var rootMode = File.GetUnixFileMode(layout.Root);
        if (!rootMode.HasFlag(UnixFileMode.OtherExecute))
            File.SetUnixFileMode(layout.Root, rootMode | UnixFileMode.OtherExecute);
        await account.GiveAsync([layout.SocketDirectory, layout.LogDirectory], cancellationToken);
        await account.EnsureCanTraverseAsync(layout.Root, cancellationToken);
    }
}
