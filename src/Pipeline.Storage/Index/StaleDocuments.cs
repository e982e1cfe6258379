using System.Text.Json.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace Pipeline.Storage.Index;

/// <summary>An indexed document served at its last good version because the source failed to serve the newer one.</summary>
public sealed record StaleDocument(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("document")] string Document,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("since")] DateTimeOffset Since,
    [property: JsonPropertyName("last_attempt_at")] DateTimeOffset LastAttemptAt,
    [property: JsonPropertyName("attempts")] int Attempts);

/// <summary>
/// Documents kept at their last good version after a source-side failure (the source was slow, overloaded or out of
/// reach), so a passing fault never empties the index. The document row keeps its old version, which makes the
/// next run read the item again; storing, touching, quarantining or deleting the document ends the stale spell.
/// </summary>
public sealed class StaleDocuments(NpgsqlDataSource dataSource)
{
    /// <summary>The statement that ends a stale spell, run inside the write that stored the document (parameter <c>@doc</c>).</summary>
    internal const string ClearSql = "DELETE FROM pipeline.stale_documents WHERE document_id = @doc";

    public async Task MarkAsync(long documentId, string reason, string message, long runId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO pipeline.stale_documents (document_id, reason, message, last_run_id) VALUES (@doc, @reason, @message, @run)
            ON CONFLICT (document_id) DO UPDATE SET reason = excluded.reason, message = excluded.message,
                last_attempt_at = now(), attempts = pipeline.stale_documents.attempts + 1, last_run_id = excluded.last_run_id
            """);
        command.Parameters.AddWithValue("doc", documentId);
        command.Parameters.AddWithValue("reason", reason);
        command.Parameters.AddWithValue("message", message);
        command.Parameters.AddWithValue("run", runId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <param name="source">One source's stale documents, or null for all.</param>
    public async Task<IReadOnlyList<StaleDocument>> ListAsync(string? source, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT d.source, d.external_id, s.reason, s.message, s.since, s.last_attempt_at, s.attempts
            FROM pipeline.stale_documents s JOIN pipeline.documents d ON d.id = s.document_id
            WHERE @source::text IS NULL OR d.source = @source
            ORDER BY s.since, d.source, d.external_id LIMIT @limit
            """);
        command.Parameters.Add(new NpgsqlParameter("source", NpgsqlDbType.Text) { Value = (object?)source ?? DBNull.Value });
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<StaleDocument>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new StaleDocument(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetInt32(6)));
        }
        return rows;
    }
}
