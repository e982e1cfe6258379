using Npgsql;
using NpgsqlTypes;
using Pipeline.Core.Quality;

namespace Pipeline.Storage.Quality;

/// <summary>Writes a run's quality findings to <c>pipeline.quality_findings</c>, one set-based insert per batch.</summary>
public sealed class QualityFindingStore(NpgsqlDataSource dataSource)
{
    public async Task AddAsync(long runId, string source, IReadOnlyList<QualityFinding> findings, CancellationToken cancellationToken)
    {
        if (findings.Count == 0)
        {
            return;
        }
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO pipeline.quality_findings (run_id, source, external_id, chunk_ordinal, rule, severity, message)
            SELECT @run, @source, * FROM unnest(@document, @chunk, @rule, @severity, @message)
            """);
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("document", findings.Select(f => f.ExternalId).ToArray());
        command.Parameters.Add(new NpgsqlParameter("chunk", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = findings.Select(f => f.ChunkOrdinal).ToArray() });
        command.Parameters.AddWithValue("rule", findings.Select(f => f.Rule).ToArray());
        command.Parameters.AddWithValue("severity", findings.Select(f => SeverityName(f.Severity)).ToArray());
        command.Parameters.AddWithValue("message", findings.Select(f => f.Message).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The findings of one run, document by document, for the CLI and tests.</summary>
    public async Task<IReadOnlyList<QualityFinding>> ListAsync(long runId, CancellationToken cancellationToken)
    {
        var result = new List<QualityFinding>();
        await using var command = dataSource.CreateCommand(
            """
            SELECT external_id, chunk_ordinal, rule, severity, message FROM pipeline.quality_findings
            WHERE run_id = @run ORDER BY external_id, chunk_ordinal NULLS FIRST, rule
            """);
        command.Parameters.AddWithValue("run", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new QualityFinding(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetInt32(1),
                reader.GetString(2),
                reader.GetString(3) == "reject" ? QualitySeverity.Reject : QualitySeverity.Warn,
                reader.GetString(4)));
        }
        return result;
    }

    public static string SeverityName(QualitySeverity severity) => severity == QualitySeverity.Reject ? "reject" : "warn";
}
