using System.Globalization;
using System.Runtime.Versioning;

namespace Pipeline.Storage.Embedded;

/// <summary>
/// One reading of <c>/proc/PID/stat</c> (proc(5)), its fields numbered as the man page numbers them. The one place
/// that parses the file: process identities, the embedded cluster's CPU time and bench's own.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ProcStat
{
    /// <summary>USER_HZ, the unit of the time fields: 100 on every Linux architecture .NET runs on.</summary>
    public const int TicksPerSecond = 100;

    // Fields from 3 (state) on. The command name (field 2) is in parentheses and may itself hold spaces and ')'.
    private readonly string[] _rest;

    private ProcStat(string[] rest) => _rest = rest;

    /// <returns>Null when there is no such process (or it is hidden from us).</returns>
    public static ProcStat? Read(int pid) => ReadFile($"/proc/{pid}/stat");

    public static ProcStat? Self() => ReadFile("/proc/self/stat");

    private static ProcStat? ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return new ProcStat(text[(text.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Field 3: R, S, D, Z (a zombie: exited, waiting to be reaped), ...</summary>
    public string State => _rest.Length > 0 ? _rest[0] : "";

    /// <summary>A numeric field by its proc(5) number (3 or more), or null when missing or not a number.</summary>
    public long? Field(int number) =>
        number - 3 is var index && index >= 0 && index < _rest.Length
        && long.TryParse(_rest[index], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    /// <summary>Field 4.</summary>
    public int? Parent => Field(4) is { } parent ? (int)parent : null;

    /// <summary>Fields 14 and 15: user and system time of the process itself, in ticks.</summary>
    public long OwnTicks => (Field(14) ?? 0) + (Field(15) ?? 0);

    /// <summary>Fields 16 and 17: user and system time of the children it has waited for, in ticks.</summary>
    public long ReapedChildrenTicks => (Field(16) ?? 0) + (Field(17) ?? 0);

    /// <summary>Field 22: when the process started, in ticks since boot.</summary>
    public long? StartTicks => Field(22);
}
