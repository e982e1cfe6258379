using System.Runtime.Versioning;

namespace Pipeline.Storage.Tests;

/// <summary>What the OS says about a cluster's server, independent of the code under test.</summary>
[SupportedOSPlatform("linux")]
internal static class ServerProcesses
{
    /// <summary>Pids of postmasters started on <paramref name="clusterDirectory"/>: only they keep "-D dir" in their command line.</summary>
    public static IReadOnlyList<int> PostmastersOf(string clusterDirectory) =>
    [
        .. Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(System.IO.Path.GetFileName(d), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && NamesDataDirectory(CommandLineOf(pid), clusterDirectory)),
    ];

    private static bool NamesDataDirectory(string[] arguments, string clusterDirectory) =>
        arguments.Zip(arguments.Skip(1)).Any(pair => pair is ("-D", var dir) && dir == clusterDirectory);

    public static string[] CommandLineOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>Where the process's stdin/stdout/stderr point, e.g. "/dev/null", "pipe:[1234]" or a log file.</summary>
    public static string[] StandardStreamsOf(int pid) =>
        [.. Enumerable.Range(0, 3).Select(fd => new FileInfo($"/proc/{pid}/fd/{fd}").LinkTarget ?? "")];

    public static string[] OpenFilesOf(int pid) =>
        [.. Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Select(fd => new FileInfo(fd).LinkTarget ?? "")];

    public static int PidFromPidFile(string clusterDirectory) =>
        int.Parse(File.ReadAllLines(System.IO.Path.Combine(clusterDirectory, "postmaster.pid"))[0], System.Globalization.CultureInfo.InvariantCulture);
}
