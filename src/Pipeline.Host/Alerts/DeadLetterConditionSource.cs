using Npgsql;
using Pipeline.Host.Jobs;

namespace Pipeline.Host.Alerts;

/// <summary>
/// Fires when a job holds more dead letters than <see cref="AlertOptions.DeadLetterThreshold"/>, or more than at the
/// previous check: a tolerated backlog stays quiet, new poison chunks do not.
/// </summary>
public sealed class DeadLetterConditionSource(NpgsqlDataSource dataSource, JobCatalog catalog, AlertObservations observations, AlertOptions options)
    : IAlertConditionSource
{
    public string Kind => "dead-letters";

    public async Task<IReadOnlyList<AlertCondition>> FiringAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var jobs = catalog.Jobs.Select(j => j.Name).ToArray();
        await using var command = dataSource.CreateCommand(
            """
            SELECT job, count(dl.id)::int, min(dl.first_seen), max(dl.last_seen)
            FROM unnest(@jobs) AS job LEFT JOIN pipeline.dead_letters dl ON dl.job_name = job
            GROUP BY job
            """);
        command.Parameters.AddWithValue("jobs", jobs);
        var counts = new List<(string Job, int Count, DateTimeOffset? Oldest, DateTimeOffset? Newest)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                counts.Add((reader.GetString(0), reader.GetInt32(1),
                    reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
                    reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3)));
            }
        }
        var previous = await observations.ExchangeAsync(counts.ToDictionary(c => Key(c.Job), c => (double)c.Count), now, cancellationToken);

        var firing = new List<AlertCondition>();
        foreach (var (job, count, oldest, newest) in counts)
        {
            // Never observed before (first check after an upgrade): no baseline, so no growth either.
            var before = previous.TryGetValue(Key(job), out var value) ? (int)value : count;
            var grown = count > before;
            if (count <= options.DeadLetterThreshold && !grown)
            {
                continue;
            }
            var above = "> " + AlertFigure.Format(options.DeadLetterThreshold);
            var title = count > options.DeadLetterThreshold ? $"{job} {count} dead letters {above}" : $"{job} dead letters grew {before} -> {count}";
            firing.Add(new AlertCondition(
                Key(job), Kind, job, title,
                [
                    new AlertFigure("dead letters", AlertFigure.Format(count), $"{above}, or more than at the previous check"),
                    new AlertFigure("at the previous check", AlertFigure.Format(before)),
                    new AlertFigure("oldest", oldest is { } o ? AlertFigure.Format(o) : "-"),
                    new AlertFigure("newest failure", newest is { } n ? AlertFigure.Format(n) : "-"),
                ],
                "alert-dead-letters.md", "/hangfire/pipeline/dead-letters"));
        }
        return firing;
    }

    private string Key(string job) => $"{Kind}:{job}";
}
