using System.Globalization;
using Npgsql;
using Pipeline.Core.Embedding;

namespace Pipeline.Storage.DeadLetters;

/// <summary>
/// The dead-letter table. A row lives while its chunk keeps failing: every run that gives up on it again bumps
/// <c>attempts</c>; the first run that stores the document without giving up on it deletes the row.
/// </summary>
public sealed class DeadLetterStore(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "id, job_name, source, external_id, chunk_ordinal, content_hash, stage, error, attempts, first_seen, last_seen, run_id, payload_ref";

    /// <summary>Points at the chunk in its source; the text is not copied (it may be large, or confidential).</summary>
    public static string PayloadRef(string source, string externalId, int ordinal) =>
        string.Create(CultureInfo.InvariantCulture, $"chunk:{source}/{externalId}#{ordinal}");

    /// <summary>A sink for one run's embed stage: rows carry the run's job name, and each chunk is counted.</summary>
    public IDeadLetterSink ForRun(string jobName, Action<int> counted) => new RunDeadLetterSink(this, jobName, counted);

    public async Task RecordAsync(string jobName, string source, string externalId, long runId, IReadOnlyList<PoisonChunk> chunks, CancellationToken cancellationToken)
    {
        // Equal texts in one document share a hash (and a row): one upsert must not touch a row twice.
        var distinct = chunks.DistinctBy(c => c.Chunk.ContentHash).ToList();
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO pipeline.dead_letters (job_name, source, external_id, chunk_ordinal, content_hash, error, run_id, payload_ref)
            SELECT @job, @source, @id, * FROM unnest(@ordinals, @hashes, @errors, @runs, @refs)
            ON CONFLICT (source, external_id, content_hash) DO UPDATE SET
                job_name = excluded.job_name, chunk_ordinal = excluded.chunk_ordinal, error = excluded.error,
                attempts = pipeline.dead_letters.attempts + 1, last_seen = now(), run_id = excluded.run_id,
                payload_ref = excluded.payload_ref
            """);
        command.Parameters.AddWithValue("job", jobName);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("id", externalId);
        command.Parameters.AddWithValue("ordinals", distinct.Select(c => c.Chunk.Ordinal).ToArray());
        command.Parameters.AddWithValue("hashes", distinct.Select(c => c.Chunk.ContentHash).ToArray());
        command.Parameters.AddWithValue("errors", distinct.Select(c => c.Error).ToArray());
        command.Parameters.AddWithValue("runs", distinct.Select(_ => runId).ToArray());
        command.Parameters.AddWithValue("refs", distinct.Select(c => PayloadRef(source, externalId, c.Chunk.Ordinal)).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// After a run stored the document: rows this run did not renew are resolved (their chunk is embedded now, or
    /// gone from the document) and deleted; if any row is still open, the document's version and content hash are
    /// cleared so that the next run re-reads it instead of skipping it as unchanged.
    /// </summary>
    /// <returns>Rows still open for the document.</returns>
    public async Task<int> SettleAsync(string source, string externalId, long runId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            WITH resolved AS (
                DELETE FROM pipeline.dead_letters WHERE source = @source AND external_id = @id AND run_id <> @run),
            open AS (
                SELECT count(*)::int AS n FROM pipeline.dead_letters WHERE source = @source AND external_id = @id AND run_id = @run),
            marked AS (
                UPDATE pipeline.documents SET source_version = NULL, content_hash = NULL, updated_at = now()
                WHERE source = @source AND external_id = @id AND (SELECT n FROM open) > 0)
            SELECT n FROM open
            """);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("id", externalId);
        command.Parameters.AddWithValue("run", runId);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <param name="id">One row, or all rows when null.</param>
    public async Task<IReadOnlyList<DeadLetter>> ListAsync(long? id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM pipeline.dead_letters WHERE @id::bigint IS NULL OR id = @id ORDER BY source, external_id, chunk_ordinal");
        command.Parameters.Add(new NpgsqlParameter("id", NpgsqlTypes.NpgsqlDbType.Bigint) { Value = (object?)id ?? DBNull.Value });
        var rows = new List<DeadLetter>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new DeadLetter(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetInt32(8), reader.GetFieldValue<DateTimeOffset>(9),
                reader.GetFieldValue<DateTimeOffset>(10), reader.GetInt64(11), reader.GetString(12)));
        }
        return rows;
    }

    public async Task<int> CountAsync(string source, string externalId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT count(*)::int FROM pipeline.dead_letters WHERE source = @source AND external_id = @id");
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("id", externalId);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Drops the rows of a document the index no longer has (the source deleted it): nothing is left to replay.</summary>
    /// <returns>Rows deleted.</returns>
    public async Task<int> DeleteIfDocumentGoneAsync(string source, string externalId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            DELETE FROM pipeline.dead_letters dl
            WHERE dl.source = @source AND dl.external_id = @id
              AND NOT EXISTS (SELECT 1 FROM pipeline.documents d WHERE d.source = @source AND d.external_id = @id)
            """);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("id", externalId);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
