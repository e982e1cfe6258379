using Pipeline.Host.Jobs;
using Pipeline.Storage.Monitoring;

namespace Pipeline.Host.Dashboard.Trends;

/// <summary>A job's newest succeeded syncs, oldest first, with the freshness SLA its lag is drawn against.</summary>
public sealed record JobTrends(string Job, double SlaHours, IReadOnlyList<RunTrendPoint> Runs);

/// <summary>Reads the Trends page: for each job in jobs/ (or one of them), its last runs through <see cref="RunTrends"/>.</summary>
public sealed class TrendsQuery(JobCatalog catalog, RunTrends trends, TimeProvider clock)
{
    public const int DefaultRuns = 30;
    public const int MinRuns = 2;
    public const int MaxRuns = 500;

    /// <summary>
    /// The window from <c>?runs=</c>: a number outside 2..500 is brought inside it, anything that is not a number gets
    /// the default, as the Runs page treats a bad <c>?from=</c>: a page an operator can always open.
    /// </summary>
    public static int Window(string? runs) =>
        int.TryParse(runs, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? Math.Clamp(n, MinRuns, MaxRuns)
            : DefaultRuns;

    /// <param name="job">One job, or null for every job; a job not in jobs/ gives null.</param>
    public async Task<IReadOnlyList<JobTrends>?> LoadAsync(string? job, int runs, CancellationToken cancellationToken)
    {
        var jobs = catalog.Jobs.Where(j => job is null || j.Name == job).ToList();
        if (job is not null && jobs.Count == 0)
        {
            return null;
        }
        var now = clock.GetUtcNow();
        var result = new List<JobTrends>();
        foreach (var definition in jobs)
        {
            result.Add(new JobTrends(definition.Name, definition.Freshness.SlaHoursFor(definition.Schedule, now),
                await trends.ReadAsync(definition.Name, runs, cancellationToken)));
        }
        return result;
    }
}
