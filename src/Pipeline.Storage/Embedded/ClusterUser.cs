namespace Pipeline.Storage.Embedded;

/// <summary>A live process that registered as using the cluster: its pid, what it runs (e.g. "pipeline serve") and since when.</summary>
public sealed record ClusterUser(int Pid, string Command, DateTimeOffset Since)
{
    public override string ToString() => $"pid {Pid} ({Command}, since {Since.ToLocalTime():yyyy-MM-dd HH:mm:ss})";
}
