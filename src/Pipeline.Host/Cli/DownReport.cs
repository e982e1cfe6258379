using Pipeline.Storage.Embedded;

namespace Pipeline.Host.Cli;

/// <summary>What <c>down</c> tells the operator, and its exit code: a refusal names every process still using the cluster.</summary>
public static class DownReport
{
    /// <summary>Exit code of a refused <c>down</c>: distinct from 1 (unexpected) and 2 (operator error) so scripts can tell.</summary>
    public const int InUseExitCode = 3;

    public static int Write(ClusterStop stop, string dataDirectory)
    {
        switch (stop.Outcome)
        {
            case ClusterStopOutcome.RefusedInUse:
                Console.Error.WriteLine($"error: the embedded database ({dataDirectory}) is in use by:");
                foreach (var user in stop.Users)
                    Console.Error.WriteLine($"  {user}");
                Console.Error.WriteLine("Stop those first (Ctrl-C in their terminal, or `kill " + string.Join(' ', stop.Users.Select(u => u.Pid)) +
                    "`), or run `pipeline down --force` to stop the database under them.");
                return InUseExitCode;
            case ClusterStopOutcome.Stopped when stop.Users.Count > 0:
                Console.WriteLine($"embedded database stopped ({dataDirectory}) although still in use by:");
                foreach (var user in stop.Users)
                    Console.WriteLine($"  {user}");
                Console.WriteLine("they will report connection errors until they are stopped or the database is started again");
                return 0;
            case ClusterStopOutcome.Stopped:
                Console.WriteLine($"embedded database stopped ({dataDirectory})");
                return 0;
            default:
                Console.WriteLine($"embedded database is not running ({dataDirectory}); nothing to stop");
                return 0;
        }
    }
}
