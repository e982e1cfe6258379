using Npgsql;

namespace Pipeline.Storage.Index;

public sealed record DocumentStatistic(string Document, string Status, string? FailureReason, int Pages, int OcrPages, int Chunks, double MeanTokens);

/// <summary>Per-document figures of a source: pages, OCR'd pages, chunks and their mean size (bench and reports).</summary>
public sealed class DocumentStatistics(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<DocumentStatistic>> ForSourceAsync(string source, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT d.external_id, d.status, d.failure_reason, d.pages,
                   (SELECT count(*) FROM pipeline.document_pages p WHERE p.document_id = d.id AND p.text_source = 'ocr')::int,
                   (SELECT count(*) FROM pipeline.chunks c WHERE c.document_id = d.id)::int,
                   coalesce((SELECT avg(token_count) FROM pipeline.chunks c WHERE c.document_id = d.id), 0)::float8
            FROM pipeline.documents d
            WHERE d.source = @source
            ORDER BY d.external_id
            """);
        command.Parameters.AddWithValue("source", source);
        var result = new List<DocumentStatistic>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new DocumentStatistic(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetDouble(6)));
        }
        return result;
    }

    /// <summary>Pages of the source that were OCR'd, by document and page number.</summary>
    public async Task<IReadOnlyList<(string Document, int Page)>> OcrPagesAsync(string source, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT d.external_id, p.page FROM pipeline.document_pages p JOIN pipeline.documents d ON d.id = p.document_id
            WHERE d.source = @source AND p.text_source = 'ocr' ORDER BY 1, 2
            """);
        command.Parameters.AddWithValue("source", source);
        var result = new List<(string, int)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add((reader.GetString(0), reader.GetInt32(1)));
        }
        return result;
    }
}
