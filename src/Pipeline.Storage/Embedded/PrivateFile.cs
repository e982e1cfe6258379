using System.Runtime.Versioning;

namespace Pipeline.Storage.Embedded;

/// <summary>Owner-only (0600) files written atomically, so a crash never leaves a half-written password or config.</summary>
[SupportedOSPlatform("linux")]
internal static class PrivateFile
{
    public static void Write(string path, string content)
    {
        var temporary = path + ".tmp";
        File.Delete(temporary);
        using (var stream = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}
