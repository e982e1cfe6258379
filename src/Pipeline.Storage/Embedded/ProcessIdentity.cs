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
        // A zombie has exited: it no longer uses anything, it only waits for its parent to reap it.
        if (ProcStat.Read(pid) is not { } stat || stat.StartTicks is not { } start || stat.State == "Z")
            return null;
        return new ProcessIdentity(pid, start, File.ReadAllText(BootIdFile).Trim());
    }

    /// <summary>Whether this exact process (not merely its pid) is still running.</summary>
    public bool IsAlive => Of(Pid) == this;
}
