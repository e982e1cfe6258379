namespace Pipeline.Host.Bench;

/// <summary>This process's resident memory as the kernel counts it (<c>/proc/self/status</c>), in bytes.</summary>
/// <param name="Resident">VmRSS: resident now.</param>
/// <param name="Peak">VmHWM: the most ever resident, the figure a container's memory limit cares about.</param>
public readonly record struct ProcessMemory(long Resident, long Peak)
{
    public static ProcessMemory Read()
    {
        long rss = 0, hwm = 0;
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = Kilobytes(line);
            }
        }
        return new ProcessMemory(rss, hwm);
    }

    // "VmRSS:	  123456 kB"
    private static long Kilobytes(string line) =>
        long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture) * 1024;
}
