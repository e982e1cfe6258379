using Npgsql;

namespace Pipeline.Storage.Monitoring;

/// <param name="LagMedianSeconds">Median of indexed_at − source_updated_at over the documents the run (re-)indexed.</param>
/// <param name="OcrShare">Share of the indexed documents' pages whose text came from OCR.</param>
/// <param name="QualityRejectRate">Share of the documents the run read that a quality rule quarantined.</param>
public sealed record DocumentFigures(int DocumentsIndexed, double? LagMedianSeconds, double? LagMaxSeconds, double? OcrShare, double? QualityRejectRate);

/// <summary>
/// Per-run figures over the documents a run touched. Read right after the run: a later run takes the documents
/// over (<c>last_run_id</c>), which is why these are computed once and stored in <c>pipeline.run_figures</c>.
/// </summary>
public sealed class RunDocumentFigures(NpgsqlDataSource dataSource)
{
    public async Task<DocumentFigures> ReadAsync(long runId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            WITH run AS (SELECT started_at FROM pipeline.runs WHERE id = @run),
            read AS (SELECT d.* FROM pipeline.documents d WHERE d.last_run_id = @run),
            indexed AS (SELECT r.* FROM read r, run WHERE r.status = 'indexed' AND r.indexed_at >= run.started_at),
            lag AS (SELECT extract(epoch FROM indexed_at - source_updated_at)::double precision AS seconds FROM indexed WHERE source_updated_at IS NOT NULL),
            pages AS (SELECT p.text_source FROM pipeline.document_pages p JOIN indexed i ON i.id = p.document_id)
            SELECT (SELECT count(*) FROM indexed),
                   (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) FROM lag),
                   (SELECT max(seconds) FROM lag),
                   (SELECT avg((text_source = 'ocr')::int)::double precision FROM pages),
                   (SELECT avg((status = 'failed' AND failure_reason LIKE 'quality:%')::int)::double precision FROM read)
            """);
        command.Parameters.AddWithValue("run", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new DocumentFigures((int)reader.GetInt64(0), NullableDouble(reader, 1), NullableDouble(reader, 2), NullableDouble(reader, 3), NullableDouble(reader, 4));
    }

    private static double? NullableDouble(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetDouble(ordinal);
}
