namespace Pipeline.Host.Tests.Metrics;

/// <summary>
/// The exporter listens to every meter named "Pipeline" in the process, so a service started by another test at
/// the same time would add its own observations of the unlabelled gauges; these tests run alone.
/// </summary>
[CollectionDefinition(nameof(MetricsCollection), DisableParallelization = true)]
public sealed class MetricsCollection;
