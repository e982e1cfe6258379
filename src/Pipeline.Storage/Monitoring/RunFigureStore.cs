using Npgsql;
using Pipeline.Core.Drift;

namespace Pipeline.Storage.Monitoring;

/// <summary>The figures of each sync run (<c>pipeline.run_figures</c>); writing a run's figures again replaces them.</summary>
public sealed class RunFigureStore(NpgsqlDataSource dataSource)
{
    public async Task SaveAsync(long runId, string jobName, string source, IReadOnlyList<RunFigure> figures, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO pipeline.run_figures (run_id, job_name, source, name, value, threshold, crossed)
            SELECT @run, @job, @source, f.name, f.value, f.threshold, f.crossed
            FROM unnest(@names, @values, @thresholds, @crossed) AS f(name, value, threshold, crossed)
            ON CONFLICT (run_id, name) DO UPDATE SET value = excluded.value, threshold = excluded.threshold, crossed = excluded.crossed
            """);
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.AddWithValue("job", jobName);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("names", figures.Select(f => f.Name).ToArray());
        command.Parameters.AddWithValue("values", figures.Select(f => f.Value).ToArray());
        command.Parameters.AddWithValue("thresholds", figures.Select(f => f.Threshold).ToArray());
        command.Parameters.AddWithValue("crossed", figures.Select(f => f.Crossed).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RunFigure>> ForRunAsync(long runId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT name, value, threshold, crossed FROM pipeline.run_figures WHERE run_id = @run ORDER BY name");
        command.Parameters.AddWithValue("run", runId);
        var figures = new List<RunFigure>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            figures.Add(new RunFigure(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetDouble(1),
                reader.IsDBNull(2) ? null : reader.GetDouble(2), reader.GetBoolean(3)));
        }
        return figures;
    }
}
