using Npgsql;
using NpgsqlTypes;
using Pipeline.Core.Access;

namespace Pipeline.Storage.Access;

/// <summary>
/// Access of indexed documents, written without touching their chunks: the permission sync's updates, hiding a
/// document whose access was lost, and purging those whose grace period ran out.
/// </summary>
public sealed class DocumentAccessStore(NpgsqlDataSource dataSource)
{
    /// <summary>The indexed documents of a source (hidden ones included): what a permission sync checks.</summary>
    public async Task<IReadOnlyList<string>> IndexedAsync(string source, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT external_id FROM pipeline.documents WHERE source = @source AND status = 'indexed' ORDER BY external_id");
        command.Parameters.AddWithValue("source", source);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }
        return ids;
    }

    /// <summary>
    /// Sets the access of each document to what the source grants now; a hidden document whose access came back is
    /// restored (its chunks and vectors were kept). Returns how many documents' access changed.
    /// </summary>
    public async Task<int> GrantAsync(string source, IReadOnlyDictionary<string, DocumentAccess> access, CancellationToken cancellationToken)
    {
        if (access.Count == 0)
        {
            return 0;
        }
        await using var command = dataSource.CreateCommand(
            """
            UPDATE pipeline.documents d
            SET access = t.access, access_lost_at = NULL
            FROM unnest(@ids, @access) AS t(id, access)
            WHERE d.source = @source AND d.external_id = t.id AND d.status = 'indexed'
              AND (d.access IS DISTINCT FROM t.access OR d.access_lost_at IS NOT NULL)
            """);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("ids", access.Keys.ToArray());
        command.Parameters.Add(new NpgsqlParameter("access", NpgsqlDbType.Array | NpgsqlDbType.Jsonb) { Value = access.Values.Select(a => a.ToJson()).ToArray() });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Hides documents the service account can no longer read: access emptied at once, so nobody is served them, and
    /// the time of the loss kept (the first one: a loss seen again does not restart the grace period).
    /// Returns how many were not hidden already.
    /// </summary>
    public async Task<int> HideAsync(string source, IReadOnlyCollection<string> externalIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (externalIds.Count == 0)
        {
            return 0;
        }
        await using var command = dataSource.CreateCommand(
            """
            UPDATE pipeline.documents
            SET access = '[]', access_lost_at = coalesce(access_lost_at, @now)
            WHERE source = @source AND external_id = ANY(@ids) AND access_lost_at IS NULL
            """);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("ids", externalIds.ToArray());
        command.Parameters.AddWithValue("now", now.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Deletes the documents hidden for longer than the grace period (chunks and vectors go with them).</summary>
    public async Task<int> PurgeExpiredAsync(string source, TimeSpan grace, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM pipeline.documents WHERE source = @source AND access_lost_at IS NOT NULL AND access_lost_at <= @cutoff");
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("cutoff", (now - grace).ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Every indexed document of a source gets the same access (a PDF folder's job-wide list), so an edit of the job's
    /// list applies without reading any file. Returns how many changed.
    /// </summary>
    public async Task<int> SetAllAsync(string source, DocumentAccess access, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE pipeline.documents SET access = @access, access_lost_at = NULL
            WHERE source = @source AND status = 'indexed' AND (access IS DISTINCT FROM @access OR access_lost_at IS NOT NULL)
            """);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.Add(new NpgsqlParameter("access", NpgsqlDbType.Jsonb) { Value = access.ToJson() });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Documents of the source hidden now, because access was lost: the Quality page's and the alert's figure.</summary>
    public async Task<int> CountHiddenAsync(string source, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT count(*) FROM pipeline.documents WHERE source = @source AND access_lost_at IS NOT NULL");
        command.Parameters.AddWithValue("source", source);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken));
    }
}
