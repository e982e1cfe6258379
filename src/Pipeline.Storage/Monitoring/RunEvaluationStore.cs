using Npgsql;
using Pipeline.Core.Evaluation;

namespace Pipeline.Storage.Monitoring;

/// <summary>A job's question set scored after one of its syncs, through the retriever as it then ranked.</summary>
public sealed record RunEvaluationFigures(long RunId, string Job, string QuestionsFile, int K, string Mode, string Model, RetrievalFigures Figures, DateTimeOffset EvaluatedAt);

/// <summary>Per run, the retrieval figures of the job's <c>evaluation.questions</c> (<c>pipeline.run_evaluations</c>).</summary>
public sealed class RunEvaluationStore(NpgsqlDataSource dataSource)
{
    public async Task SaveAsync(long runId, string job, string questionsFile, int k, string mode, string model, RetrievalFigures figures, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO pipeline.run_evaluations (run_id, job_name, questions_file, questions, k, mode, model, recall_at_1, recall_at_5, mrr, hits, answerable)
            VALUES (@run, @job, @file, @n, @k, @mode, @model, @r1, @r5, @mrr, @hits, @answerable)
            ON CONFLICT (run_id) DO UPDATE SET questions_file = excluded.questions_file, questions = excluded.questions, k = excluded.k,
                mode = excluded.mode, model = excluded.model, recall_at_1 = excluded.recall_at_1, recall_at_5 = excluded.recall_at_5,
                mrr = excluded.mrr, hits = excluded.hits, answerable = excluded.answerable, evaluated_at = now()
            """);
        command.Parameters.AddWithValue("run", runId);
        command.Parameters.AddWithValue("job", job);
        command.Parameters.AddWithValue("file", questionsFile);
        command.Parameters.AddWithValue("n", figures.N);
        command.Parameters.AddWithValue("k", k);
        command.Parameters.AddWithValue("mode", mode);
        command.Parameters.AddWithValue("model", model);
        command.Parameters.AddWithValue("r1", figures.RecallAt1);
        command.Parameters.AddWithValue("r5", figures.RecallAt5);
        command.Parameters.AddWithValue("mrr", figures.Mrr);
        command.Parameters.AddWithValue("hits", figures.Hits);
        command.Parameters.AddWithValue("answerable", figures.Answerable);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The newest evaluated run of every job that has one, by job name.</summary>
    public async Task<IReadOnlyList<RunEvaluationFigures>> NewestPerJobAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT DISTINCT ON (job_name) run_id, job_name, questions_file, k, mode, model, questions, recall_at_1, recall_at_5, mrr, hits, answerable, evaluated_at
            FROM pipeline.run_evaluations
            ORDER BY job_name, run_id DESC
            """);
        var rows = new List<RunEvaluationFigures>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new RunEvaluationFigures(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetString(4), reader.GetString(5),
                new RetrievalFigures(reader.GetInt32(6), reader.GetDouble(7), reader.GetDouble(8), reader.GetDouble(9), reader.GetDouble(10), reader.GetDouble(11)),
                reader.GetFieldValue<DateTimeOffset>(12)));
        }
        return rows;
    }
}
