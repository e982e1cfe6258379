using System.Globalization;
using System.Runtime.Versioning;

namespace Pipeline.Storage.Embedded;

/// <summary>
/// A process as the kernel knows it: pid, start time (clock ticks since boot, /proc/PID/stat field 22) and boot id.
/// A pid alone is not an identity: after a crash the kernel may hand it to an unrelated process, which must not
/// pass for the one that registered. Start time and boot id together tell the two apart.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed record ProcessIdentity(int Pid, long StartTicks, string BootId)
{
    private const string BootIdFile = "/proc/sys/kernel/random/boot_id";

    public static ProcessIdentity Current { get; } = Of(Environment.ProcessId)
        ?? throw new EmbeddedPostgresException($"Cannot read /proc/{Environment.ProcessId}/stat for this process");

    /// <summary>The process now running under <paramref name="pid"/>, or null when there is none (or it is hidden from us).</summary>
    public static ProcessIdentity? Of(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException)
        {
            return null;
        }
        // The command name (field 2) is in parentheses and may itself hold spaces and ')': fields resume after the last ')'.
        var rest = stat[(stat.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        const int startTimeIndex = 22 - 3; // rest[0] is field 3 (state)
        if (rest.Length <= startTimeIndex || !long.TryParse(rest[startTimeIndex], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
            return null;
        // A zombie has exited: it no longer uses anything, it only waits for its parent to reap it.
        if (rest[0] == "Z")
            return null;
        return new ProcessIdentity(pid, start, File.ReadAllText(BootIdFile).Trim());
    }

    /// <summary>Whether this exact process (not merely its pid) is still running.</summary>
    public bool IsAlive => Of(Pid) == this;
}
