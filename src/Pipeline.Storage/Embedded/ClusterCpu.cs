using System.Globalization;
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
        try
        {
            var ticks = 0L;
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(directory), out var pid) || Stat(pid) is not { } stat)
                {
                    continue;
                }
                if (pid == postmasterPid)
                {
                    ticks += stat.Own + stat.ExitedChildren;
                }
                else if (stat.Parent == postmasterPid)
                {
                    ticks += stat.Own;
                }
            }
            return TimeSpan.FromSeconds((double)ticks / TicksPerSecond);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>USER_HZ: 100 on every Linux architecture .NET runs on.</summary>
    private const int TicksPerSecond = 100;

    private readonly record struct ProcStat(int Parent, long Own, long ExitedChildren);

    private static ProcStat? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // gone meanwhile, or not ours to read
        }
        // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so fields are counted after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture);
        // proc(5): 4 ppid, 14 utime, 15 stime, 16 cutime, 17 cstime.
        return new ProcStat((int)Field(4), Field(14) + Field(15), Field(16) + Field(17));
    }
}
