using System.Runtime.InteropServices;

namespace Pipeline.Connectors.Pdf;

internal enum FileKind
{
    Missing,
    Regular,
    Directory,
    Fifo,
    Socket,
    CharacterDevice,
    BlockDevice,
    SymbolicLink,
    Other,
}

/// <summary>
/// The type of a file without opening it. .NET reports a FIFO, a socket and a device as an ordinary file of 0 bytes,
/// and opening a FIFO blocks until a writer comes, so the type must come from the file system itself (statx).
/// </summary>
internal static class FileKinds
{
    private const int CurrentDirectory = -100;   // AT_FDCWD
    private const int DoNotFollow = 0x100;       // AT_SYMLINK_NOFOLLOW: the caller resolved links already
    private const uint TypeField = 0x1;          // STATX_TYPE
    private const int ModeOffset = 28;           // stx_mode in struct statx, whose layout is the same on every architecture
    private const int StatxBytes = 256;

    public static FileKind Of(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            // Elsewhere (a developer's Mac or Windows box) FIFOs and devices do not turn up in document folders.
            return Directory.Exists(path) ? FileKind.Directory : File.Exists(path) ? FileKind.Regular : FileKind.Missing;
        }
        var buffer = new byte[StatxBytes];
        if (Statx(CurrentDirectory, path, DoNotFollow, TypeField, buffer) != 0)
        {
            return FileKind.Missing;
        }
        return (BitConverter.ToUInt16(buffer, ModeOffset) & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0x1000 => FileKind.Fifo,
            0xC000 => FileKind.Socket,
            0x2000 => FileKind.CharacterDevice,
            0x6000 => FileKind.BlockDevice,
            0xA000 => FileKind.SymbolicLink,
            _ => FileKind.Other,
        };
    }

    // DllImport rather than LibraryImport: the generated stub needs unsafe code, which this project does not enable.
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
}
