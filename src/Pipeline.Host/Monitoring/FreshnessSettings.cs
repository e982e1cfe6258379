extern alias CronosPackage;

using System.Text.Json.Serialization;

namespace Pipeline.Host.Monitoring;

/// <summary>A job's freshness targets (the <c>freshness</c> object of a job file).</summary>
public sealed record FreshnessSettings
{
    /// <summary>Hours the last successful sync may be old before the SLA is missed; default: the schedule's interval plus 2 h.</summary>
    [JsonPropertyName("slaHours")]
    public double? SlaHours { get; init; }

    /// <summary>Days a document may go without any run reading it (listed unchanged or re-ingested).</summary>
    [JsonPropertyName("reverifyDays")]
    public double ReverifyDays { get; init; } = 7;

    /// <summary>
    /// The explicit SLA, or the longest gap between two consecutive scheduled runs (over the next two months, or
    /// the next 2000 runs) plus 2 h of slack for the run itself: 26 h for a nightly job, 2 h 15 min for one every
    /// quarter hour, 62 h for twice a day on weekdays (the weekend gap).
    /// </summary>
    public double SlaHoursFor(string cronSchedule, DateTimeOffset now)
    {
        if (SlaHours is { } explicitHours)
        {
            return explicitHours;
        }
        var cron = CronosPackage::Cronos.CronExpression.Parse(cronSchedule);
        var occurrences = cron.GetOccurrences(now.UtcDateTime, now.UtcDateTime.AddDays(62), fromInclusive: true, toInclusive: false).Take(2000).ToList();
        var interval = occurrences.Zip(occurrences.Skip(1), (a, b) => b - a).DefaultIfEmpty(TimeSpan.FromDays(1)).Max();
        return Math.Round(interval.TotalHours + 2, 2);
    }
}
