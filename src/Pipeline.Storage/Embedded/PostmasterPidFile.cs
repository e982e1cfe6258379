using System.Runtime.Versioning;

namespace Pipeline.Storage.Embedded;

internal enum PostmasterState
{
    /// <summary>No postmaster.pid: the server is stopped cleanly.</summary>
    Absent,

    /// <summary>postmaster.pid left by a crash, a SIGKILL or a reboot; no live server owns it.</summary>
    Stale,

    /// <summary>A live postmaster owns the cluster (it may still be starting or stopping).</summary>
    Alive,
}

/// <param name="PidReused">Stale, and the recorded pid now belongs to an unrelated live process.</param>
internal sealed record PostmasterInfo(PostmasterState State, int? Pid = null, int? Port = null, bool Ready = false, bool PidReused = false);

/// <summary>
/// Reads the server's own lock file (line 1 pid, 2 data dir, 3 start time, 4 port, 8 status) and decides whether
/// the pid in it is really this cluster's postmaster. Pids are reused after a reboot, so "the pid exists" is not
/// enough: we require a process named postgres whose working directory (the postmaster chdirs into its data
/// directory) holds the very same pid file. Comparing file content rather than paths is immune to symlinks.
/// </summary>
[SupportedOSPlatform("linux")]
internal static class PostmasterPidFile
{
    private const int IdentityLines = 3;

    public static PostmasterInfo Inspect(string clusterDirectory)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(Path.Combine(clusterDirectory, "postmaster.pid"));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return new PostmasterInfo(PostmasterState.Absent);
        }

        if (lines.Length == 0 || !int.TryParse(lines[0], out var pid) || pid <= 0)
            return new PostmasterInfo(PostmasterState.Stale);
        if (!IsPostmasterOf(pid, lines))
            return new PostmasterInfo(PostmasterState.Stale, pid, PidReused: Directory.Exists($"/proc/{pid}"));

        int? port = lines.Length > 3 && int.TryParse(lines[3], out var p) ? p : null;
        var ready = lines.Length > 7 && lines[7].Trim() == "ready";
        return new PostmasterInfo(PostmasterState.Alive, pid, port, ready);
    }

    private static bool IsPostmasterOf(int pid, string[] ourLines)
    {
        var process = $"/proc/{pid}";
        try
        {
            if (File.ReadAllText($"{process}/comm").Trim() != "postgres")
                return false;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false; // the process is gone
        }

        try
        {
            var theirLines = File.ReadAllLines($"{process}/cwd/postmaster.pid");
            return theirLines.Take(IdentityLines).SequenceEqual(ourLines.Take(IdentityLines));
        }
        catch (UnauthorizedAccessException)
        {
            // Another user's postgres we may not inspect (no CAP_SYS_PTRACE). Calling it stale could put a second
            // postmaster on live data, so assume it is ours and let the caller time out with a clear message.
            return true;
        }
        catch (IOException)
        {
            return false; // a postgres of another cluster, or it exited meanwhile
        }
    }
}
