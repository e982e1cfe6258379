using Npgsql;
using Pipeline.Core.Drift;

namespace Pipeline.Storage.Monitoring;

/// <summary>One succeeded sync of a job: what its summary counted and the figures stored for it.</summary>
/// <param name="DocumentsChanged">New plus changed documents (<c>documents.new + documents.changed</c>).</param>
/// <param name="Figures">The run's <c>pipeline.run_figures</c> rows by name; a monitor that did not run leaves it empty.</param>
public sealed record RunTrendPoint(long RunId, DateTimeOffset StartedAt, double Seconds, long DocumentsChanged, long EmbeddingsComputed, long TokensEmbedded,
    IReadOnlyDictionary<string, RunFigure> Figures)
{
    /// <summary>Null for a run that took no measurable time (nothing to divide by).</summary>
    public double? TokensPerSecond => Seconds > 0 ? TokensEmbedded / Seconds : null;
}

/// <summary>
/// The read side of the Trends page: a job's newest succeeded syncs, oldest first, each with its summary counts and
/// its stored figures. Failed runs are left out: their partial counts would read as dips that never happened.
/// </summary>
public sealed class RunTrends(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<RunTrendPoint>> ReadAsync(string job, int runs, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT r.id, r.started_at,
                   coalesce((r.summary->>'seconds')::float8, 0),
                   coalesce((r.summary->'documents'->>'new')::bigint, 0) + coalesce((r.summary->'documents'->>'changed')::bigint, 0),
                   coalesce((r.summary->>'embeddings_computed')::bigint, 0),
                   coalesce((r.summary->>'tokens_embedded')::bigint, 0),
                   coalesce(array_agg(f.name ORDER BY f.name) FILTER (WHERE f.name IS NOT NULL), '{}'),
                   coalesce(array_agg(f.value ORDER BY f.name) FILTER (WHERE f.name IS NOT NULL), '{}'),
                   coalesce(array_agg(f.threshold ORDER BY f.name) FILTER (WHERE f.name IS NOT NULL), '{}'),
                   coalesce(array_agg(f.crossed ORDER BY f.name) FILTER (WHERE f.name IS NOT NULL), '{}')
            FROM (SELECT id, started_at, summary FROM pipeline.runs
                  WHERE job_name = @job AND kind = 'sync' AND status = 'succeeded'
                  ORDER BY started_at DESC, id DESC LIMIT @runs) r
            LEFT JOIN pipeline.run_figures f ON f.run_id = r.id
            GROUP BY r.id, r.started_at, r.summary
            ORDER BY r.started_at, r.id
            """);
        command.Parameters.AddWithValue("job", job);
        command.Parameters.AddWithValue("runs", runs);
        var points = new List<RunTrendPoint>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var names = reader.GetFieldValue<string[]>(6);
            var values = reader.GetFieldValue<double?[]>(7);
            var thresholds = reader.GetFieldValue<double?[]>(8);
            var crossed = reader.GetFieldValue<bool[]>(9);
            var figures = names.Select((name, i) => new RunFigure(name, values[i], thresholds[i], crossed[i])).ToDictionary(f => f.Name);
            points.Add(new RunTrendPoint(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetDouble(2), reader.GetInt64(3),
                reader.GetInt64(4), reader.GetInt64(5), figures));
        }
        return points;
    }
}
