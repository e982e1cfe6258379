using Npgsql;
using Pipeline.Core.Embedding;

namespace Pipeline.Host.Dashboard;

/// <summary>One drift figure of one run against its threshold.</summary>
public sealed record DriftFigure(string Job, long RunId, string Figure, double Value, double Threshold, bool Crossed);

/// <summary>Chunks of one source embedded by one model.</summary>
public sealed record ModelUsage(string Source, string ModelId, string ModelSha256, long Chunks);

public sealed record DriftPageData(IReadOnlyList<DriftFigure> Figures, IReadOnlyList<ModelUsage> Models, EmbeddingModelInfo Running);

/// <summary>
/// Reads the Drift page. The per-run drift figures are stored by the monitoring work (its migration and
/// <c>JobHealthQuery</c>); until that is merged <see cref="FiguresAsync"/> has no table to read and returns none,
/// and the page says so. The mixed-model check reads the index itself and needs nothing new.
/// </summary>
public sealed class DriftQuery(NpgsqlDataSource dataSource, IEmbedder embedder)
{
    public async Task<DriftPageData> LoadAsync(CancellationToken cancellationToken) =>
        new(await FiguresAsync(cancellationToken), await ModelsAsync(cancellationToken), embedder.Model);

    /// <summary>Re-point at the monitoring branch's drift figures once merged; no figures are invented here.</summary>
    public static Task<IReadOnlyList<DriftFigure>> FiguresAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<DriftFigure>>([]);

    public async Task<IReadOnlyList<ModelUsage>> ModelsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT d.source, c.model_id, c.model_sha256, count(*)
            FROM pipeline.chunks c JOIN pipeline.documents d ON d.id = c.document_id
            GROUP BY d.source, c.model_id, c.model_sha256 ORDER BY d.source, count(*) DESC
            """);
        var rows = new List<ModelUsage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ModelUsage(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3)));
        }
        return rows;
    }
}
