using System.Text.Json.Serialization;
using Npgsql;
using Pipeline.Storage.Runs;

namespace Pipeline.Storage.Index;

public sealed record IndexStatus(
    [property: JsonPropertyName("documents")] long Documents,
    [property: JsonPropertyName("chunks")] long Chunks,
    [property: JsonPropertyName("failed_documents")] long FailedDocuments,
    [property: JsonPropertyName("models")] IReadOnlyList<ModelCount> Models,
    [property: JsonPropertyName("quarantined")] IReadOnlyList<QuarantinedDocument> Quarantined,
    [property: JsonPropertyName("jobs")] IReadOnlyList<JobStatus> Jobs)
{
    /// <summary>Indexed documents served at their last good version: the source failed to serve the newer one.</summary>
    [JsonPropertyName("stale")]
    public IReadOnlyList<StaleDocument> Stale { get; init; } = [];

    /// <summary>Per job and source: documents the next sync reprocesses because the job's pipeline fingerprint changed.</summary>
    [JsonPropertyName("reprocess")]
    public IReadOnlyList<ReprocessPending> Reprocess { get; init; } = [];
}

/// <summary>
/// Vectors per embedding model and hash. <paramref name="Active"/>: the model is the active one of the source(s)
/// counted (queries use it); vectors of other models wait for a switch (a build) or for <c>models drop</c>.
/// </summary>
public sealed record ModelCount(
    [property: JsonPropertyName("model_id")] string ModelId,
    [property: JsonPropertyName("model_sha256")] string ModelSha256,
    [property: JsonPropertyName("chunks")] long Chunks,
    [property: JsonPropertyName("active")] bool Active = false);

public sealed record QuarantinedDocument(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("document")] string Document,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("message")] string Message);

public sealed record JobStatus(
    [property: JsonPropertyName("job")] string Job,
    [property: JsonPropertyName("last_run_status")] string? LastRunStatus,
    [property: JsonPropertyName("last_success_at")] DateTimeOffset? LastSuccessAt,
    [property: JsonPropertyName("last_success_age_seconds")] double? LastSuccessAgeSeconds,
    [property: JsonPropertyName("running")] bool Running);

public sealed class IndexStatusQuery(NpgsqlDataSource dataSource, LastSuccessfulSyncQuery lastSuccess, StaleDocuments staleDocuments)
{
    public async Task<IndexStatus> GetAsync(IEnumerable<string> knownJobs, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        long documents, chunks, failed;
        await using (var counts = new NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM pipeline.documents WHERE status = 'indexed'),
                   (SELECT count(*) FROM pipeline.chunks),
                   (SELECT count(*) FROM pipeline.documents WHERE status = 'failed')
            """, connection))
        await using (var reader = await counts.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            (documents, chunks, failed) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }

        var models = new List<ModelCount>();
        await using (var command = new NpgsqlCommand(
            """
            SELECT v.model, v.model_sha256, count(*), count(*) FILTER (WHERE s.model = v.model) > 0
            FROM pipeline.chunk_vectors v JOIN pipeline.chunks c ON c.id = v.chunk_id JOIN pipeline.documents d ON d.id = c.document_id
            LEFT JOIN pipeline.source_models s ON s.source = d.source
            GROUP BY 1, 2 ORDER BY 4 DESC, 3 DESC
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                models.Add(new ModelCount(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetBoolean(3)));
            }
        }

        var quarantined = new List<QuarantinedDocument>();
        await using (var command = new NpgsqlCommand(
            "SELECT source, external_id, coalesce(failure_reason, ''), coalesce(failure_message, '') FROM pipeline.documents WHERE status = 'failed' ORDER BY source, external_id LIMIT 100", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                quarantined.Add(new QuarantinedDocument(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        var runs = new List<(string Job, string? LastRunStatus, bool Running)>();
        await using (var command = new NpgsqlCommand(
            """
            SELECT j.name,
                   (SELECT status FROM pipeline.runs r WHERE r.job_name = j.name ORDER BY started_at DESC LIMIT 1),
                   EXISTS (SELECT 1 FROM pipeline.runs r WHERE r.job_name = j.name AND status = 'running')
            FROM (SELECT unnest(@jobs) AS name UNION SELECT DISTINCT job_name FROM pipeline.runs) j
            ORDER BY j.name
            """, connection))
        {
            command.Parameters.AddWithValue("jobs", knownJobs.ToArray());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                runs.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetBoolean(2)));
            }
        }
        var successes = (await lastSuccess.ReadAsync(runs.Select(r => r.Job), cancellationToken)).ToDictionary(s => s.Job);
        var now = DateTimeOffset.UtcNow;
        var jobs = runs.Select(r =>
        {
            var success = successes[r.Job].At;
            return new JobStatus(r.Job, r.LastRunStatus, success, success is null ? null : Math.Round((now - success.Value).TotalSeconds, 1), r.Running);
        }).ToList();
        return new IndexStatus(documents, chunks, failed, models, quarantined, jobs) { Stale = await staleDocuments.ListAsync(null, 100, cancellationToken) };
    }
}
