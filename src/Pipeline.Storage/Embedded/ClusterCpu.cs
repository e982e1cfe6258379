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
        var postmaster = PostmasterPidFile.Inspect(new ClusterLayout(dataDirectory).ClusterDirectory);
        if (postmaster.State != PostmasterState.Alive || postmaster.Pid is not int postmasterPid)
        {
            return null;
        }
        var ticks = 0L;
        try
        {
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(directory), out var pid) || ProcStat.Read(pid) is not { } stat)
                {
                    continue; // not a process, or gone meanwhile
                }
                if (pid == postmasterPid)
                {
                    ticks += stat.OwnTicks + stat.ReapedChildrenTicks;
                }
                else if (stat.Parent == postmasterPid)
                {
                    ticks += stat.OwnTicks;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // /proc unreadable
        }
        return TimeSpan.FromSeconds((double)ticks / ProcStat.TicksPerSecond);
    }
}
