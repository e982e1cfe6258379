using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Pipeline.Storage.Embedded;

/// <summary>
/// .NET marks every descriptor it opens close-on-exec, but descriptors inherited from our own parent (a CI runner,
/// a shell capturing output through an extra pipe) are not, and Process.Start passes them on. Through pg_ctl they
/// would reach the daemon and live as long as the server, so a parent waiting for its pipe to close would hang.
/// Marking them close-on-exec before starting the server is the only hook we have: .NET gives no way to run code
/// in the forked child. Harmless for this process, which never relies on handing descriptors above 2 to children.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class InheritedDescriptors
{
    private const int GetDescriptorFlags = 1; // F_GETFD
    private const int SetDescriptorFlags = 2; // F_SETFD
    private const int CloseOnExec = 1;        // FD_CLOEXEC

    public static void StopInheritance()
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var descriptor) || descriptor <= 2)
                continue;
            var flags = Fcntl(descriptor, GetDescriptorFlags, 0);
            if (flags >= 0 && (flags & CloseOnExec) == 0)
                _ = Fcntl(descriptor, SetDescriptorFlags, flags | CloseOnExec); // closed meanwhile (EBADF) is fine
        }
    }

    // DllImport rather than LibraryImport: the generated stub needs unsafe code, which this project does not enable.
    [DllImport("libc", EntryPoint = "fcntl")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fcntl(int descriptor, int command, int argument);
}
