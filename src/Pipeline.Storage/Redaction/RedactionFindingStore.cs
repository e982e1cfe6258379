using Npgsql;
using NpgsqlTypes;
using Pipeline.Core.Redaction;

namespace Pipeline.Storage.Redaction;

/// <summary>Writes a run's redaction findings to <c>pipeline.redaction_findings</c>: detector, place, action and value hash.</summary>
public sealed class RedactionFindingStore(NpgsqlDataSource dataSource)
{
    public async Task AddAsync(long runId, string job, string source, IReadOnlyList<RedactionFinding> findings, CancellationToken cancellationToken)
    {
        if (findings.Count == 0)
        {
            return;
        }
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO pipeline.redaction_findings (run_id, job_name, source, external_id, chunk_ordinal, location, detector, action, value_hash)
            SELECT @run, @job, @source, * FROM unnest(@document, @chunk, @location, @detector, @action, @hash)
            """);
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.AddWithValue("job", job);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("document", findings.Select(f => f.ExternalId).ToArray());
        command.Parameters.Add(new NpgsqlParameter("chunk", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = findings.Select(f => f.ChunkOrdinal).ToArray() });
        command.Parameters.AddWithValue("location", findings.Select(f => f.Location.ToString().ToLowerInvariant()).ToArray());
        command.Parameters.AddWithValue("detector", findings.Select(f => f.Detector).ToArray());
        command.Parameters.AddWithValue("action", findings.Select(f => f.Action.Name()).ToArray());
        command.Parameters.AddWithValue("hash", findings.Select(f => f.ValueHash).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
