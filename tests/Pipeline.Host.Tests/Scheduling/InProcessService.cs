namespace Pipeline.Host.Tests.Scheduling;

/// <summary>
/// Tests that run Hangfire in this process run one at a time: Hangfire keeps process-wide state (log provider,
/// global configuration) that each service host sets on start and detaches on stop.
/// </summary>
[CollectionDefinition(Collection)]
public sealed class InProcessService
{
    public const string Collection = "in-process Hangfire service";
}
