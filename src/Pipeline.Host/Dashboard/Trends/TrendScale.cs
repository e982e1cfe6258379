namespace Pipeline.Host.Dashboard.Trends;

/// <summary>
/// Where a run and a value land in a <see cref="TrendChartSvg"/>: runs evenly spaced oldest to newest, values from
/// zero (or the lowest, if negative) to the highest value or limit, so a threshold above every point stays in view.
/// </summary>
public sealed class TrendScale
{
    private readonly Dictionary<long, int> _index;
    private readonly int _runs;

    private TrendScale(IReadOnlyList<long> runs, double min, double max)
    {
        _index = runs.Select((run, i) => (run, i)).ToDictionary(p => p.run, p => p.i);
        _runs = runs.Count;
        Min = min;
        Max = max;
    }

    public double Min { get; }

    public double Max { get; }

    public static TrendScale For(TrendChart chart)
    {
        var values = chart.Series.SelectMany(s => s.Points).Concat(chart.Threshold).Select(p => p.Value).ToList();
        var min = Math.Min(0, values.DefaultIfEmpty(0).Min());
        var max = values.DefaultIfEmpty(0).Max();
        // All zero (nothing embedded in any run): a flat line at the bottom of a unit range, not a division by zero.
        return new TrendScale(chart.Runs, min, max > min ? max : min + 1);
    }

    /// <summary>The run's position among the chart's runs, or -1 for a run outside them.</summary>
    public int IndexOf(long run) => _index.GetValueOrDefault(run, -1);

    public double X(long run)
    {
        var width = TrendChartSvg.Width - TrendChartSvg.Left - TrendChartSvg.Right;
        return TrendChartSvg.Left + (_runs == 1 ? width / 2.0 : IndexOf(run) * (double)width / (_runs - 1));
    }

    public double Y(double value)
    {
        var height = TrendChartSvg.Height - TrendChartSvg.Top - TrendChartSvg.Bottom;
        return TrendChartSvg.Top + height * (Max - value) / (Max - Min);
    }
}
