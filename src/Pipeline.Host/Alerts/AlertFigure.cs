using System.Globalization;

namespace Pipeline.Host.Alerts;

/// <summary>One measured figure of a condition and the limit it is held against, both already formatted for people.</summary>
/// <param name="Threshold">e.g. <c>&gt; 0.20</c>; null for context figures that have no limit.</param>
public sealed record AlertFigure(string Name, string Value, string? Threshold = null)
{
    public static string Format(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>A monitored run figure: up to three decimals, since PSI and centroid shifts live near their thresholds; "none" when unmeasured.</summary>
    public static string FormatFigure(double? value) => value?.ToString("0.###", CultureInfo.InvariantCulture) ?? "none";

    public static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Format(TimeSpan value) => value.TotalHours >= 1
        ? value.TotalHours.ToString("0.0", CultureInfo.InvariantCulture) + " h"
        : value.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " min";
}
