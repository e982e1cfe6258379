namespace Pipeline.Host.Dashboard.Trends;

/// <summary>One plotted value: the run it belongs to and what was stored for it.</summary>
public sealed record ChartPoint(long Run, double Value);

/// <summary>A named line of points; runs without a value are left out (a gap, not a zero).</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points);

/// <summary>
/// A line chart over a job's runs. <paramref name="Runs"/> are the x positions, oldest first, so every chart of a job
/// lines up run for run. <paramref name="Threshold"/> is the limit in force at each run (it can change when a job file
/// does, and PSI limits carry each run's sampling noise); consecutive equal limits draw one line.
/// </summary>
public sealed record TrendChart(string Id, string Title, string Unit, IReadOnlyList<long> Runs, IReadOnlyList<ChartSeries> Series,
    IReadOnlyList<ChartPoint> Threshold, string ThresholdLabel = "threshold");
