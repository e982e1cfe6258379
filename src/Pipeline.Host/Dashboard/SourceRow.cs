namespace Pipeline.Host.Dashboard;

/// <summary>A job from jobs/ with its freshness, for the Sources page.</summary>
/// <param name="Location">Where the source reads from: a folder, or a site with its query or spaces.</param>
public sealed record SourceRow(string Job, string Kind, string Location, string Schedule, bool Enabled, DateTimeOffset? LastSuccess, RunRow? LastRun);
