namespace Pipeline.Host.Tests.Infrastructure;

/// <summary>Arguments for services the tests host in-process: a free loopback port, and only warnings logged,
/// so the console of a test run shows failures rather than every Hangfire heartbeat.</summary>
public static class TestServiceArgs
{
    public static string[] Loopback(params string[] configuration) =>
        ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", .. configuration];
}
