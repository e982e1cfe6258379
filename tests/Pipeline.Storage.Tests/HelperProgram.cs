using Pipeline.Storage.Embedded;

namespace Pipeline.Storage.Tests;

/// <summary>
/// Entry point of this assembly when run with `dotnet exec`: behaves like a CLI invocation that needs the database,
/// so concurrency tests can race real, separate processes. The test runner never calls it.
/// </summary>
public static class HelperProgram
{
    public const string EnsureStartedVerb = "ensure-started";

    /// <summary>Starts the cluster, prints its connection string, then keeps using it until its standard input closes.</summary>
    public const string HoldVerb = "hold";

    public static async Task<int> Main(string[] args)
    {
        if (args is not [EnsureStartedVerb or HoldVerb, var dataDirectory])
        {
            await Console.Error.WriteLineAsync($"usage: {EnsureStartedVerb}|{HoldVerb} <data-directory>");
            return 2;
        }
        var postgres = new EmbeddedPostgres(new EmbeddedPostgresOptions { DataDirectory = dataDirectory });
        Console.WriteLine(await postgres.EnsureStartedAsync(CancellationToken.None));
        if (args[0] == HoldVerb)
            await Console.In.ReadToEndAsync();
        return 0;
    }
}
