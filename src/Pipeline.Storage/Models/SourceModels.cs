using Npgsql;

namespace Pipeline.Storage.Models;

/// <summary>
/// Which model each source's queries, canaries and drift use (<c>pipeline.source_models</c>). Set at a source's first
/// sync from its job's <c>embedding.model</c>, then only by <see cref="ActivateAsync"/>: editing the job file never
/// switches an index silently.
/// </summary>
public sealed class SourceModels(NpgsqlDataSource dataSource)
{
    /// <summary>The source's active model; when it has none yet, <paramref name="initial"/> becomes it.</summary>
    public async Task<string> EnsureAsync(string source, string initial, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            WITH added AS (
                INSERT INTO pipeline.source_models (source, model) VALUES (@source, @model)
                ON CONFLICT (source) DO NOTHING RETURNING model)
            SELECT model FROM added UNION ALL SELECT model FROM pipeline.source_models WHERE source = @source
            LIMIT 1
            """);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("model", initial);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Vectors of <paramref name="model"/> (its recorded name) in the index, active or not.</summary>
    public async Task<long> CountVectorsAsync(string model, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM pipeline.chunk_vectors WHERE model = @model");
        command.Parameters.AddWithValue("model", model);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<string?> ActiveAsync(string source, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT model FROM pipeline.source_models WHERE source = @source");
        command.Parameters.AddWithValue("source", source);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Every source with its active model.</summary>
    public async Task<IReadOnlyDictionary<string, string>> AllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await AllAsync(connection, null, cancellationToken);
    }

    public static async Task<IReadOnlyDictionary<string, string>> AllAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT source, model FROM pipeline.source_models", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetString(0)] = reader.GetString(1);
        }
        return result;
    }
}
