using System.Runtime.Versioning;

namespace Pipeline.Storage.Embedded;

/// <summary>
/// CPU time the embedded PostgreSQL has used so far: the postmaster, its live children (backends, autovacuum, the
/// WAL writer) and those already gone (the kernel adds them to the postmaster's "children" time when they exit).
/// A difference of two readings is what the server spent between them; bench uses it to say how much of the
/// machine a run's database work took.
/// </summary>
[SupportedOSPlatform("linux")]
public static class ClusterCpu
{
    /// <returns>Null when the data directory has no running embedded cluster (an external database) or /proc is unreadable.</returns>
    public static TimeSpan? Read(string dataDirectory)
    {
        var pidFile = PostmasterPidFile.Inspect(new ClusterLayout(dataDirectory).ClusterDirectory);
        if (pidFile.State != PostmasterState.Alive || pidFile.Pid is not int postmasterPid)
        {
            return null;
        }
        var ticks = 0L;
        try
        {
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(directory), out var pid) && pid != postmasterPid
                    && ProcStat.Read(pid) is { } child && child.Parent == postmasterPid)
                {
                    ticks += child.OwnTicks;
                }
            }
            // The postmaster last: a backend reaped while the children were read is then in its reaped-children time
            // rather than in neither (read first, such a backend would be lost).
            if (ProcStat.Read(postmasterPid) is { } postmaster)
            {
                ticks += postmaster.OwnTicks + postmaster.ReapedChildrenTicks;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // /proc unreadable
        }
        return TimeSpan.FromSeconds((double)ticks / ProcStat.TicksPerSecond);
    }
}
