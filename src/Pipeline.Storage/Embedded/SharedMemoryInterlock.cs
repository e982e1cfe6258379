using System.Globalization;
using System.Runtime.Versioning;

namespace Pipeline.Storage.Embedded;

internal enum InterlockState
{
    /// <summary>No process of the old server is attached to its shared memory.</summary>
    Free,

    /// <summary>Children of a dead postmaster still run on the data; starting another server now would corrupt it.</summary>
    Held,

    /// <summary>/proc/sysvipc/shm could not be read.</summary>
    Unknown,
}

/// <summary>
/// PostgreSQL's own guard against a second server on live data: the SysV segment named in postmaster.pid (line 7)
/// stays attached while any process of the old server lives. The server checks it itself when the pid file is
/// stale, but only if the file is still there, so we consult it before we ever remove that file. We match the
/// segment by id and creator pid (the postmaster), not by key: the key may be written unsigned in one place and
/// signed in the other, and a segment that merely reuses the id after a reboot has another creator.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class SharedMemoryInterlock
{
    public static InterlockState Check(string clusterDirectory)
    {
        string[] pidFile, segments;
        try
        {
            pidFile = File.ReadAllLines(Path.Combine(clusterDirectory, "postmaster.pid"));
            segments = File.ReadAllLines("/proc/sysvipc/shm");
        }
        catch (FileNotFoundException)
        {
            return InterlockState.Free;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return InterlockState.Unknown;
        }

        if (pidFile.Length < 7 || Numbers(pidFile[0]) is not [var postmasterPid] || LastNumber(pidFile[6]) is not long id)
            return InterlockState.Free; // the server died before creating its segment

        // Columns: key shmid perms size cpid lpid nattch ...
        var attached = segments.Skip(1).Select(Numbers)
            .Any(row => row.Length >= 7 && row[1] == id && row[4] == postmasterPid && row[6] > 0);
        return attached ? InterlockState.Held : InterlockState.Free;
    }

    private static long? LastNumber(string line) =>
        long.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;

    private static long[] Numbers(string line)
    {
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var numbers = new long[fields.Length];
        for (var i = 0; i < fields.Length; i++)
        {
            if (!long.TryParse(fields[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out numbers[i]))
                return [];
        }
        return numbers;
    }
}
