using Pipeline.Storage;
using Pipeline.Storage.Index;

namespace Pipeline.Host.Tests.Faults;

/// <summary>What two indexes must agree on to be equal: their documents and, through the export, every chunk.</summary>
public static class IndexSnapshot
{
    /// <summary>"source/document#ordinal id hash tokens" per chunk, in the export's stable order.</summary>
    public static async Task<List<string>> ChunksAsync(string connectionString)
    {
        await using var dataSource = PipelineDataSource.Create(connectionString);
        var rows = new List<string>();
        await foreach (var chunk in new ChunkExport(dataSource).ReadAsync(withVectors: false, CancellationToken.None))
        {
            rows.Add($"{chunk.Source}/{chunk.Document}#{chunk.Ordinal} {chunk.Id} {chunk.ContentHash} {chunk.TokenCount}");
        }
        return rows;
    }

    /// <summary>"source/document status version content-hash" per document.</summary>
    public static async Task<List<string>> DocumentsAsync(string connectionString)
    {
        await using var dataSource = PipelineDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(
            "SELECT source, external_id, status, coalesce(source_version, ''), coalesce(content_hash, '') FROM pipeline.documents ORDER BY source COLLATE \"C\", external_id COLLATE \"C\"");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add($"{reader.GetString(0)}/{reader.GetString(1)} {reader.GetString(2)} {reader.GetString(3)} {reader.GetString(4)}");
        }
        return rows;
    }

    /// <summary>Chunks per indexed document, the count a reader must see for it at any time.</summary>
    public static async Task<Dictionary<string, int>> ChunkCountsAsync(string connectionString)
    {
        await using var dataSource = PipelineDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(
            "SELECT d.external_id, count(c.id)::int FROM pipeline.documents d JOIN pipeline.chunks c ON c.document_id = d.id WHERE d.status = 'indexed' GROUP BY 1");
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt32(1);
        }
        return counts;
    }
}
