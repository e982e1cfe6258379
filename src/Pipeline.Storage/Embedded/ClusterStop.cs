namespace Pipeline.Storage.Embedded;

/// <summary>What <see cref="EmbeddedPostgres.StopAsync(bool, CancellationToken)"/> did.</summary>
public enum ClusterStopOutcome
{
    /// <summary>No server was running; nothing was done.</summary>
    NotRunning,

    /// <summary>The server was stopped; <see cref="ClusterStop.Users"/> lists the processes it was stopped under (forced).</summary>
    Stopped,

    /// <summary>Other processes still use the cluster and the stop was not forced: the server is still running.</summary>
    RefusedInUse,
}

/// <summary>The outcome of a stop, with the other live processes registered as using the cluster at that moment.</summary>
public sealed record ClusterStop(ClusterStopOutcome Outcome, IReadOnlyList<ClusterUser> Users);
