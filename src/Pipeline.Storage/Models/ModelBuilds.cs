using Npgsql;

namespace Pipeline.Storage.Models;

/// <summary>The records of <c>models build</c>: one open ('building') build per source and model.</summary>
public sealed class ModelBuilds(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "id, job_name, source, model, status, chunks_total, chunks_done, tokens_total, estimated_seconds, requested_at, started_at, finished_at, error";

    /// <summary>Models being built for the source: its syncs write their vectors too.</summary>
    public async Task<IReadOnlyList<string>> BuildingForSourceAsync(string source, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT model FROM pipeline.model_builds WHERE source = @source AND status = 'building' ORDER BY model");
        command.Parameters.AddWithValue("source", source);
        var models = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            models.Add(reader.GetString(0));
        }
        return models;
    }

    /// <summary>Opens a build, or answers the one already open for this source and model (a repeated request resumes it).</summary>
    public async Task<ModelBuild> OpenAsync(string job, string source, string model, long chunks, long tokens, double? estimatedSeconds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"""
            WITH added AS (
                INSERT INTO pipeline.model_builds (job_name, source, model, status, chunks_total, tokens_total, estimated_seconds)
                VALUES (@job, @source, @model, 'building', @chunks, @tokens, @estimate)
                ON CONFLICT (source, model) WHERE status = 'building' DO NOTHING
                RETURNING {Columns})
            SELECT * FROM added
            UNION ALL
            SELECT {Columns} FROM pipeline.model_builds WHERE source = @source AND model = @model AND status = 'building'
            LIMIT 1
            """);
        command.Parameters.AddWithValue("job", job);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("model", model);
        command.Parameters.AddWithValue("chunks", chunks);
        command.Parameters.AddWithValue("tokens", tokens);
        command.Parameters.AddWithValue("estimate", (object?)estimatedSeconds ?? DBNull.Value);
        return (await ReadAsync(command, cancellationToken))[0];
    }

    public async Task<ModelBuild?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM pipeline.model_builds WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return (await ReadAsync(command, cancellationToken)).FirstOrDefault();
    }

    /// <summary>Newest first; all jobs when <paramref name="job"/> is null.</summary>
    public async Task<IReadOnlyList<ModelBuild>> ListAsync(string? job, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM pipeline.model_builds WHERE (@job::text IS NULL OR job_name = @job) ORDER BY id DESC LIMIT @limit");
        command.Parameters.Add(new NpgsqlParameter("job", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)job ?? DBNull.Value });
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAsync(command, cancellationToken);
    }

    public async Task StartedAsync(long id, string? backgroundJob, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE pipeline.model_builds SET started_at = coalesce(started_at, now()), background_job = coalesce(@job, background_job) WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.Add(new NpgsqlParameter("job", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)backgroundJob ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ProgressAsync(long id, long chunksTotal, long chunksDone, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE pipeline.model_builds SET chunks_total = @total, chunks_done = @done WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("total", chunksTotal);
        command.Parameters.AddWithValue("done", chunksDone);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Closes an open build; a closed one is left as it is.</summary>
    public async Task FinishAsync(long id, string status, string? error, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE pipeline.model_builds SET status = @status, error = @error, finished_at = now() WHERE id = @id AND status = 'building'");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.Add(new NpgsqlParameter("error", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)error ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<IReadOnlyList<ModelBuild>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var builds = new List<ModelBuild>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            builds.Add(new ModelBuild(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.IsDBNull(8) ? null : reader.GetDouble(8),
                reader.GetFieldValue<DateTimeOffset>(9),
                reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
                reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
                reader.IsDBNull(12) ? null : reader.GetString(12)));
        }
        return builds;
    }
}
