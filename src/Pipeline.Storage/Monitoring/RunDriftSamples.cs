using Npgsql;
using Pgvector;
using Pipeline.Core.Drift;
using Pipeline.Core.Embedding;

namespace Pipeline.Storage.Monitoring;

/// <summary>Both sides of a run's drift comparison, with the full counts behind each sample.</summary>
public sealed record RunDriftInput(DriftSample Baseline, DriftSample Current, int BaselineChunks, int NewChunks);

/// <summary>
/// Reads the chunks a run added or changed and, as the rolling baseline, the source's chunks that were already in
/// the index before the run started (chunks a run leaves unchanged keep their <c>created_at</c>). Only vectors of
/// the given model are compared. Each side is sampled by chunk id: ids are hashes, so the sample is spread over
/// the documents and the same for the same index.
/// </summary>
public sealed class RunDriftSamples(NpgsqlDataSource dataSource)
{
    public async Task<RunDriftInput> ReadAsync(long runId, EmbeddingModelInfo model, int sampleChunks, CancellationToken cancellationToken)
    {
        var modelSha256 = model.Sha256;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (baselineCount, newCount) = await CountAsync(connection, runId, modelSha256, cancellationToken);
        var baseline = await SampleAsync(connection, runId, modelSha256, sampleChunks, current: false, cancellationToken);
        var current = await SampleAsync(connection, runId, modelSha256, sampleChunks, current: true, cancellationToken);
        return new RunDriftInput(baseline, current, baselineCount, newCount);
    }

    private const string Sides =
        """
        WITH run AS (SELECT source, started_at FROM pipeline.runs WHERE id = @run),
        side AS (
            SELECT c.id, v.embedding, c.token_count,
                   (c.created_at >= run.started_at AND d.last_run_id = @run) AS is_current
            FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id JOIN run ON d.source = run.source
            JOIN pipeline.chunk_vectors v ON v.chunk_id = c.id
            WHERE v.model_sha256 = @model AND (c.created_at < run.started_at OR d.last_run_id = @run)
        )
        """;

    private static async Task<(int Baseline, int New)> CountAsync(NpgsqlConnection connection, long runId, string model, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Sides + " SELECT count(*) FILTER (WHERE NOT is_current), count(*) FILTER (WHERE is_current) FROM side", connection);
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.AddWithValue("model", model);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return ((int)reader.GetInt64(0), (int)reader.GetInt64(1));
    }

    private static async Task<DriftSample> SampleAsync(NpgsqlConnection connection, long runId, string model, int limit, bool current, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(Sides + " SELECT embedding, token_count FROM side WHERE is_current = @current ORDER BY id LIMIT @limit", connection);
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.AddWithValue("model", model);
        command.Parameters.AddWithValue("current", current);
        command.Parameters.AddWithValue("limit", limit);
        var vectors = new List<float[]>();
        var tokens = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            vectors.Add(reader.GetFieldValue<Vector>(0).ToArray());
            tokens.Add(reader.GetInt32(1));
        }
        return new DriftSample(vectors, tokens);
    }
}
