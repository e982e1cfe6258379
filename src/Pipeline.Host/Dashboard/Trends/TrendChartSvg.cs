using System.Globalization;
using System.Text;
using static Pipeline.Host.Dashboard.PageHtml;

namespace Pipeline.Host.Dashboard.Trends;

/// <summary>
/// Draws a <see cref="TrendChart"/> as inline SVG: axes, the value range and the first and last run as labels, one
/// <c>circle</c> per point carrying <c>data-series</c>, <c>data-run</c> and <c>data-value</c> (the stored value, round-trip
/// formatted, so a test can hold the picture against the database), and the threshold as dashed <c>line</c>s carrying
/// <c>data-threshold</c>. Server-rendered: the page fetches nothing and runs no script.
/// </summary>
public static class TrendChartSvg
{
    public const string NoPoints = "No run in this window has this figure.";
    public const int Width = 420;
    public const int Height = 190;
    public const int Left = 62;
    public const int Right = 12;
    public const int Top = 10;
    public const int Bottom = 26;

    private static readonly string[] Colours = ["#337ab7", "#f0ad4e", "#5cb85c", "#9b59b6"];

    public static string Render(TrendChart chart)
    {
        var html = new StringBuilder();
        html.Append("<figure class=\"pipeline-trend\" data-chart=\"").Append(E(chart.Id)).Append("\" style=\"margin:0 0 18px 0;width:").Append(Width).Append("px\">")
            .Append("<figcaption><strong>").Append(E(chart.Title)).Append("</strong> <small class=\"text-muted\">").Append(E(chart.Unit)).Append("</small></figcaption>");
        if (chart.Series.All(s => s.Points.Count == 0) || chart.Runs.Count == 0)
        {
            return html.Append("<p class=\"text-muted pipeline-trend-empty\">").Append(E(NoPoints)).Append("</p></figure>").ToString();
        }
        var scale = TrendScale.For(chart);
        html.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(Width).Append("\" height=\"").Append(Height)
            .Append("\" viewBox=\"0 0 ").Append(Width).Append(' ').Append(Height).Append("\" role=\"img\" aria-label=\"").Append(E(chart.Title)).Append("\">");
        Axes(html, chart, scale);
        Threshold(html, chart, scale);
        for (var s = 0; s < chart.Series.Count; s++)
        {
            Series(html, chart.Series[s], Colours[s % Colours.Length], scale);
        }
        html.Append("</svg>");
        Legend(html, chart);
        return html.Append("</figure>").ToString();
    }

    /// <summary>The stored value exactly as read (round-trip), for <c>data-value</c> and <c>data-threshold</c>.</summary>
    public static string Exact(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A label an operator reads: thousands separated, fractions to three places.</summary>
    public static string Label(double value) =>
        value.ToString(Math.Abs(value) >= 1000 ? "#,0" : "0.###", CultureInfo.InvariantCulture);

    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static void Axes(StringBuilder html, TrendChart chart, TrendScale scale)
    {
        const string style = "stroke=\"#999\" stroke-width=\"1\"";
        html.Append($"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" {style}/>")
            .Append($"<line class=\"axis\" x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" {style}/>");
        Text(html, "y-max", Left - 6, Top + 4, "end", Label(scale.Max));
        Text(html, "y-min", Left - 6, Height - Bottom, "end", Label(scale.Min));
        Text(html, "x-first", Left, Height - 8, "start", $"run #{chart.Runs[0]}");
        if (chart.Runs.Count > 1)
        {
            Text(html, "x-last", Width - Right, Height - 8, "end", $"run #{chart.Runs[^1]}");
        }
    }

    private static void Text(StringBuilder html, string cls, double x, double y, string anchor, string text) =>
        html.Append("<text class=\"").Append(cls).Append("\" x=\"").Append(F(x)).Append("\" y=\"").Append(F(y)).Append("\" text-anchor=\"").Append(anchor)
            .Append("\" font-size=\"11\" fill=\"#555\">").Append(E(text)).Append("</text>");

    /// <summary>One dashed line per stretch of runs with the same limit, reaching halfway to the neighbouring runs.</summary>
    private static void Threshold(StringBuilder html, TrendChart chart, TrendScale scale)
    {
        var limits = chart.Threshold.Where(t => scale.IndexOf(t.Run) >= 0).OrderBy(t => scale.IndexOf(t.Run)).ToList();
        var start = 0;
        for (var i = 1; i <= limits.Count; i++)
        {
            if (i < limits.Count && limits[i].Value == limits[start].Value)
            {
                continue;
            }
            var x1 = start == 0 ? Left : (scale.X(limits[start - 1].Run) + scale.X(limits[start].Run)) / 2;
            var x2 = i == limits.Count ? Width - Right : (scale.X(limits[i - 1].Run) + scale.X(limits[i].Run)) / 2;
            var y = F(scale.Y(limits[start].Value));
            html.Append("<line class=\"threshold\" data-threshold=\"").Append(Exact(limits[start].Value)).Append("\" x1=\"").Append(F(x1)).Append("\" y1=\"").Append(y)
                .Append("\" x2=\"").Append(F(x2)).Append("\" y2=\"").Append(y).Append("\" stroke=\"#d9534f\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"><title>")
                .Append(E($"{chart.ThresholdLabel} {Label(limits[start].Value)}")).Append("</title></line>");
            start = i;
        }
    }

    private static void Series(StringBuilder html, ChartSeries series, string colour, TrendScale scale)
    {
        var points = series.Points.Where(p => scale.IndexOf(p.Run) >= 0).OrderBy(p => scale.IndexOf(p.Run)).ToList();
        if (points.Count > 1)
        {
            html.Append("<polyline fill=\"none\" stroke=\"").Append(colour).Append("\" stroke-width=\"1.5\" points=\"")
                .AppendJoin(' ', points.Select(p => F(scale.X(p.Run)) + "," + F(scale.Y(p.Value)))).Append("\"/>");
        }
        foreach (var point in points)
        {
            html.Append("<circle cx=\"").Append(F(scale.X(point.Run))).Append("\" cy=\"").Append(F(scale.Y(point.Value))).Append("\" r=\"3\" fill=\"").Append(colour)
                .Append("\" data-series=\"").Append(E(series.Name)).Append("\" data-run=\"").Append(point.Run).Append("\" data-value=\"").Append(Exact(point.Value))
                .Append("\"><title>").Append(E($"{series.Name}, run #{point.Run}: {Label(point.Value)}")).Append("</title></circle>");
        }
    }

    private static void Legend(StringBuilder html, TrendChart chart)
    {
        if (chart.Series.Count < 2 && chart.Threshold.Count == 0)
        {
            return;
        }
        html.Append("<div><small>");
        for (var s = 0; s < chart.Series.Count; s++)
        {
            html.Append("<span style=\"color:").Append(Colours[s % Colours.Length]).Append("\">●</span> ").Append(E(chart.Series[s].Name)).Append(" &nbsp; ");
        }
        if (chart.Threshold.Count > 0)
        {
            html.Append("<span style=\"color:#d9534f\">- -</span> ").Append(E(chart.ThresholdLabel));
        }
        html.Append("</small></div>");
    }
}
