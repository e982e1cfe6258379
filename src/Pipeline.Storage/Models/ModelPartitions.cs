using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;
using Pipeline.Core.Embedding;

namespace Pipeline.Storage.Models;

/// <summary>
/// One partition of <c>pipeline.chunk_vectors</c> per model, with its dimension check and its HNSW index on
/// <c>(embedding::vector(n))</c>. Created on first use of a model (a sync, a build), under a transaction-level advisory
/// lock so two processes do not race; known partitions are remembered for the life of the process.
/// </summary>
public sealed partial class ModelPartitions(NpgsqlDataSource dataSource)
{
    private const long CreateLockId = 0x5049_5045_4d4f_4445;

    private readonly ConcurrentDictionary<string, string> _known = new(StringComparer.Ordinal);

    /// <returns>The partition's table name (schema <c>pipeline</c>).</returns>
    /// <exception cref="ModelMismatchException">The index holds vectors of a model by this name made from other ONNX bytes.</exception>
    public async Task<string> EnsureAsync(EmbeddingModelInfo model, CancellationToken cancellationToken)
    {
        if (_known.TryGetValue(model.Id, out var known))
        {
            return known;
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(@id)", connection, transaction))
        {
            lockCommand.Parameters.AddWithValue("id", CreateLockId);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var find = new NpgsqlCommand("SELECT sha256, dimensions, partition FROM pipeline.embedding_models WHERE model = @model", connection, transaction))
        {
            find.Parameters.AddWithValue("model", model.Id);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                var (sha, dimensions) = (reader.GetString(0), reader.GetInt32(1));
                if (sha != model.Sha256 || dimensions != model.Dimensions)
                {
                    throw new ModelMismatchException(
                        $"the index holds vectors of '{model.Id}' made by ONNX {sha[..12]} ({dimensions} dimensions), but this service's '{model.Id}' is {model.Sha256[..12]} "
                        + $"({model.Dimensions} dimensions); they cannot be compared: drop that model's vectors (`pipeline models drop`) and build them again");
                }
                _known[model.Id] = reader.GetString(2);
                return reader.GetString(2);
            }
        }
        var partition = PartitionName(model.Id);
        var sql =
            $"""
            INSERT INTO pipeline.embedding_models (model, sha256, dimensions, partition) VALUES (@model, @sha, @dimensions, @partition);
            CREATE TABLE pipeline.{partition} PARTITION OF pipeline.chunk_vectors FOR VALUES IN ({Literal(model.Id)});
            ALTER TABLE pipeline.{partition} ADD CONSTRAINT {partition}_dims CHECK (vector_dims(embedding) = {model.Dimensions});
            CREATE INDEX {partition}_hnsw ON pipeline.{partition} USING hnsw ((embedding::vector({model.Dimensions})) vector_cosine_ops);
            """;
        await using (var create = new NpgsqlCommand(sql, connection, transaction))
        {
            create.Parameters.AddWithValue("model", model.Id);
            create.Parameters.AddWithValue("sha", model.Sha256);
            create.Parameters.AddWithValue("dimensions", model.Dimensions);
            create.Parameters.AddWithValue("partition", partition);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        _known[model.Id] = partition;
        return partition;
    }

    /// <summary>
    /// <c>vectors_</c> + the model name reduced to [a-z0-9_] + 8 hex digits of its MD5, as migration 0012 names the
    /// partitions of models indexed before it: readable in psql, and distinct names never collide.
    /// </summary>
    public static string PartitionName(string model)
    {
        var slug = NonAlphanumeric().Replace(model.ToLowerInvariant(), "_").Trim('_');
        var hash = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(model)))[..8];
        return $"vectors_{slug[..Math.Min(40, slug.Length)]}_{hash}";
    }

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonAlphanumeric();
}
