using Npgsql;
using Pipeline.Host.Jobs;

namespace Pipeline.Host.Alerts;

/// <summary>Fires when a job's last successful sync had its quality rules reject too large a share of the documents it processed.</summary>
public sealed class QualityConditionSource(NpgsqlDataSource dataSource, JobCatalog catalog, AlertOptions options) : IAlertConditionSource
{
    public string Kind => "quality";

    public async Task<IReadOnlyList<AlertCondition>> FiringAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Rejected documents are counted among the run's failed ones; unchanged documents were not inspected at all.
        await using var command = dataSource.CreateCommand(
            """
            SELECT DISTINCT ON (job_name) job_name, id, finished_at,
                   coalesce((summary -> 'quality' ->> 'documents_rejected')::int, 0),
                   coalesce((summary -> 'quality' ->> 'chunks_rejected')::int, 0),
                   coalesce((summary -> 'documents' ->> 'new')::int, 0) + coalesce((summary -> 'documents' ->> 'changed')::int, 0)
                     + coalesce((summary -> 'documents' ->> 'failed')::int, 0)
            FROM pipeline.runs
            WHERE job_name = ANY(@jobs) AND kind = 'sync' AND status = 'succeeded' AND summary IS NOT NULL
            ORDER BY job_name, started_at DESC, id DESC
            """);
        command.Parameters.AddWithValue("jobs", catalog.Jobs.Select(j => j.Name).ToArray());
        var firing = new List<AlertCondition>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (job, runId, finished) = (reader.GetString(0), reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2));
            var (rejected, chunksRejected, processed) = (reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5));
            if (processed == 0)
            {
                continue;
            }
            var rate = (double)rejected / processed;
            if (rate <= options.QualityRejectRate)
            {
                continue;
            }
            var limit = "> " + AlertFigure.Format(options.QualityRejectRate);
            firing.Add(new AlertCondition(
                $"{Kind}:{job}", Kind, job,
                $"{job} reject rate {AlertFigure.Format(rate)} {limit}",
                [
                    new AlertFigure("reject rate", AlertFigure.Format(rate), limit),
                    new AlertFigure("documents rejected", AlertFigure.Format(rejected)),
                    new AlertFigure("documents processed", AlertFigure.Format(processed)),
                    new AlertFigure("chunks rejected", AlertFigure.Format(chunksRejected)),
                    new AlertFigure("run", $"#{AlertFigure.Format(runId)}, finished {AlertFigure.Format(finished)}"),
                ],
                "alert-quality.md", "/hangfire/pipeline/quality"));
        }
        return firing;
    }
}
