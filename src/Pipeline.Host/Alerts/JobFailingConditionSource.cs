using Npgsql;
using Pipeline.Host.Jobs;

namespace Pipeline.Host.Alerts;

/// <summary>Fires when a job's last <see cref="AlertOptions.FailedRunsInARow"/> finished syncs all failed; one success clears it.</summary>
public sealed class JobFailingConditionSource(NpgsqlDataSource dataSource, JobCatalog catalog, AlertOptions options) : IAlertConditionSource
{
    // How far back the streak is counted for the e-mail; the alert itself only needs FailedRunsInARow.
    private const int LongestStreakCounted = 100;

    public string Kind => "job-failing";

    public async Task<IReadOnlyList<AlertCondition>> FiringAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT job_name, status, error, finished_at FROM (
                SELECT job_name, status, error, coalesce(finished_at, started_at) AS finished_at,
                       row_number() OVER (PARTITION BY job_name ORDER BY started_at DESC, id DESC) AS n
                FROM pipeline.runs
                WHERE job_name = ANY(@jobs) AND kind = 'sync' AND status <> 'running') recent
            WHERE n <= @longest
            ORDER BY job_name, n
            """);
        command.Parameters.AddWithValue("jobs", catalog.Jobs.Select(j => j.Name).ToArray());
        command.Parameters.AddWithValue("longest", (long)LongestStreakCounted);
        var runs = new List<(string Job, bool Failed, string? Error, DateTimeOffset Finished)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                runs.Add((reader.GetString(0), reader.GetString(1) == "failed", reader.IsDBNull(2) ? null : reader.GetString(2),
                    reader.GetFieldValue<DateTimeOffset>(3)));
            }
        }

        var firing = new List<AlertCondition>();
        foreach (var job in runs.GroupBy(r => r.Job))
        {
            var streak = job.TakeWhile(r => r.Failed).ToList();
            if (streak.Count < options.FailedRunsInARow)
            {
                continue;
            }
            var latest = streak[0];
            var limit = "≥ " + AlertFigure.Format(options.FailedRunsInARow);
            var count = streak.Count == LongestStreakCounted ? $"{LongestStreakCounted}+" : AlertFigure.Format(streak.Count);
            firing.Add(new AlertCondition(
                $"{Kind}:{job.Key}", Kind, job.Key,
                $"{job.Key} {count} failed syncs in a row {limit}",
                [
                    new AlertFigure("failed syncs in a row", count, limit),
                    new AlertFigure("last failure", AlertFigure.Format(latest.Finished)),
                    new AlertFigure("last error", Shorten(latest.Error ?? "(none recorded)")),
                ],
                "alert-job-failing.md", "/hangfire/pipeline/runs"));
        }
        return firing;
    }

    // Errors can carry a whole stack trace; the e-mail needs the first line, the runbook says where the rest is.
    private static string Shorten(string error)
    {
        var line = error.Split('\n', 2)[0].Trim();
        return line.Length <= 300 ? line : line[..300] + "…";
    }
}
