using Pipeline.Core.Runs;

namespace Pipeline.Host.Dashboard;

/// <summary>One row of <c>pipeline.runs</c>; <see cref="Summary"/> is null until the run succeeded.</summary>
public sealed record RunRow(
    long Id, string Job, string Source, string Trigger, string Kind, string? Mode, string Status,
    DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, RunSummary? Summary, string? Error)
{
    public TimeSpan? Duration => FinishedAt - StartedAt;
}
