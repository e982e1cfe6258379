using System.Runtime.Versioning;
using System.Text.Json;

namespace Pipeline.Storage.Embedded;

/// <summary>
/// Which processes use a cluster: each one that starts it (or finds it running) leaves a file named after its pid in
/// <c>users/</c> of the data folder, and removes it when it exits. A crash leaves the file behind, so a file only
/// counts while the process it names is still the same process (pid, start time and boot id; see
/// <see cref="ProcessIdentity"/>); stale files are deleted when found. The folder sits beside the lock, not in the
/// server's <c>run/</c> folder, because that one may belong to the service account.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class ClusterUsers(ClusterLayout layout)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly HashSet<string> RegisteredFiles = [];
    private static bool exitHooked;

    private string Folder => Path.Combine(layout.Root, "users");

    /// <summary>Records this process as a user until it exits. Idempotent: rewritten each time, so a deleted folder heals.</summary>
    public void RegisterCurrentProcess()
    {
        Directory.CreateDirectory(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var self = ProcessIdentity.Current;
        var file = FileOf(self.Pid);
        var entry = new Entry(self.Pid, self.StartTicks, self.BootId, DescribeCurrentProcess(), DateTimeOffset.UtcNow);
        lock (RegisteredFiles)
        {
            if (RegisteredFiles.Contains(file) && File.Exists(file))
                return;
            PrivateFile.Write(file, JsonSerializer.Serialize(entry, Json));
            RegisteredFiles.Add(file);
            if (!exitHooked)
            {
                AppDomain.CurrentDomain.ProcessExit += (_, _) => UnregisterAll();
                exitHooked = true;
            }
        }
    }

    /// <summary>The other live processes using the cluster, oldest first; deletes the files of processes that are gone.</summary>
    public IReadOnlyList<ClusterUser> Others()
    {
        if (!Directory.Exists(Folder))
            return [];
        var users = new List<ClusterUser>();
        foreach (var file in Directory.EnumerateFiles(Folder, "*.json"))
        {
            var entry = Read(file);
            if (entry?.Pid == Environment.ProcessId && entry.StartTicks == ProcessIdentity.Current.StartTicks)
                continue;
            if (entry is null || !new ProcessIdentity(entry.Pid, entry.StartTicks, entry.BootId).IsAlive)
            {
                TryDelete(file);
                continue;
            }
            users.Add(new ClusterUser(entry.Pid, entry.Command, entry.Since));
        }
        return users.OrderBy(u => u.Since).ToList();
    }

    private string FileOf(int pid) => Path.Combine(Folder, $"{pid}.json");

    private static Entry? Read(string file)
    {
        try
        {
            return JsonSerializer.Deserialize<Entry>(File.ReadAllText(file), Json);
        }
        catch (JsonException)
        {
            return null; // unreadable: treated as stale, it cannot name a process anyway
        }
        catch (FileNotFoundException)
        {
            return null; // its process exited while we listed the folder
        }
    }

    private static void UnregisterAll()
    {
        lock (RegisteredFiles)
        {
            foreach (var file in RegisteredFiles)
                TryDelete(file);
            RegisteredFiles.Clear();
        }
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (IOException)
        {
            // Best effort: a file left behind is recognised as stale by the next reader.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// "pipeline serve", "pipeline ingest", "testhost": the program and its verb, never further arguments, which may
    /// hold paths or values an operator would not want copied into a file.
    /// </summary>
    private static string DescribeCurrentProcess()
    {
        var args = Environment.GetCommandLineArgs();
        var program = args.Length > 0 ? Path.GetFileNameWithoutExtension(args[0]) : "process";
        return args.Length > 1 && !args[1].StartsWith('-') && !args[1].Contains('/') ? $"{program} {args[1]}" : program;
    }

    private sealed record Entry(int Pid, long StartTicks, string BootId, string Command, DateTimeOffset Since);
}
