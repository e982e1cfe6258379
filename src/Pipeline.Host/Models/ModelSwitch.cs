using Microsoft.Extensions.Logging;
using Npgsql;
using Pipeline.Storage.Models;

namespace Pipeline.Host.Models;

/// <summary>
/// The blue/green steps after a build: <c>activate</c> points a job's source at another model in one statement
/// under the exclusive <see cref="ModelSwitchLock"/> (searches hold it shared, so each sees the index wholly before or
/// wholly after), and <c>drop</c> removes a model's vectors once nothing searches them.
/// </summary>
public sealed partial class ModelSwitch(
    JobModels jobModels,
    BuildChunks chunks,
    ModelBuilds builds,
    ModelPlanner planner,
    ModelEvaluator evaluator,
    ModelPartitions partitions,
    EmbedderCatalog embedders,
    NpgsqlDataSource dataSource,
    ILogger<ModelSwitch> logger)
{
    /// <summary>Opens (or finds the open) build of the model for the job, with the plan's figures recorded on it.</summary>
    public async Task<ModelBuild> OpenBuildAsync(string job, string model, CancellationToken cancellationToken)
    {
        var plan = await planner.PlanAsync(job, model, cancellationToken);
        if (plan.Model == plan.ActiveModel)
        {
            throw new ModelSwitchRefusedException($"{plan.Model} is already the active model of job {job}: nothing to build");
        }
        // The partition exists before the build is recorded, so syncs can write the model from that moment.
        await partitions.EnsureAsync(embedders.Get(plan.Model).Model, cancellationToken);
        return await builds.OpenAsync(plan.Job, plan.Source, plan.Model, plan.ToEmbed, plan.Tokens, plan.EstimatedSeconds, cancellationToken);
    }

    /// <exception cref="ModelSwitchRefusedException">Chunks lack the model's vectors, or it scores lower and <paramref name="force"/> is false.</exception>
    public async Task<ModelActivation> ActivateAsync(string job, string model, bool force, CancellationToken cancellationToken)
    {
        var target = await jobModels.ResolveAsync(job, model, cancellationToken);
        var (previous, next) = (target.Active.Model.Id, target.Candidate.Model.Id);
        var coverage = await chunks.CoverageAsync(target.Source, next, cancellationToken);
        if (coverage.Missing > 0)
        {
            throw new ModelSwitchRefusedException(
                $"{coverage.Missing} of {coverage.Chunks} chunks of job {job} have no {next} vector: its queries would miss them. "
                + $"Build them first: ./pipeline models build {job} --model {model}");
        }
        var comparison = await evaluator.CompareAsync(target, cancellationToken);
        if (comparison is { CandidateIsWorse: true } && !force)
        {
            throw new ModelSwitchRefusedException(
                $"{next} ranks worse than {previous} on {comparison.Questions}: MRR@{comparison.K} {comparison.Candidate!.Mrr:0.0000} < {comparison.Active.Mrr:0.0000} "
                + $"(R@1 {comparison.Candidate.RecallAt1:0.0000} vs {comparison.Active.RecallAt1:0.0000}); activate with --force to switch anyway");
        }
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await ModelSwitchLock.TakeExclusiveAsync(connection, transaction, cancellationToken);
            await using var update = new NpgsqlCommand(
                """
                INSERT INTO pipeline.source_models (source, model) VALUES (@source, @model)
                ON CONFLICT (source) DO UPDATE SET model = excluded.model, activated_at = now()
                """, connection, transaction);
            update.Parameters.AddWithValue("source", target.Source);
            update.Parameters.AddWithValue("model", next);
            await update.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        LogActivated(job, target.Source, previous, next, force && comparison is { CandidateIsWorse: true });
        return new ModelActivation(job, target.Source, previous, next, force && comparison is { CandidateIsWorse: true }, comparison);
    }

    /// <summary>Removes the model's vectors of the job's source (and cancels its open build); never the active model's.</summary>
    /// <returns>Vectors removed.</returns>
    public async Task<long> DropAsync(string job, string model, CancellationToken cancellationToken)
    {
        var target = await jobModels.ResolveAsync(job, model, cancellationToken);
        var dropped = target.Candidate.Model.Id;
        if (dropped == target.Active.Model.Id)
        {
            throw new ModelSwitchRefusedException($"{dropped} is the active model of job {job}: activate another model first");
        }
        foreach (var open in (await builds.ListAsync(job, 100, cancellationToken)).Where(b => b.Status == ModelBuild.Building && b.Model == dropped))
        {
            await builds.FinishAsync(open.Id, ModelBuild.Cancelled, "dropped", cancellationToken);
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Exclusive: a search that chose this model (an eval of it) finishes before its vectors go.
        await ModelSwitchLock.TakeExclusiveAsync(connection, transaction, cancellationToken);
        await using var delete = new NpgsqlCommand(
            """
            DELETE FROM pipeline.chunk_vectors v USING pipeline.chunks c, pipeline.documents d
            WHERE v.model = @model AND v.chunk_id = c.id AND d.id = c.document_id AND d.source = @source
              AND NOT EXISTS (SELECT 1 FROM pipeline.source_models s WHERE s.source = d.source AND s.model = v.model)
            """, connection, transaction) { CommandTimeout = 0 };
        delete.Parameters.AddWithValue("model", dropped);
        delete.Parameters.AddWithValue("source", target.Source);
        var removed = await delete.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogDropped(job, target.Source, dropped, removed);
        return removed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job} ({Source}): active model {Previous} -> {Model} (forced past a lower score: {Forced})")]
    private partial void LogActivated(string job, string source, string previous, string model, bool forced);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {Job} ({Source}): dropped {Vectors} vectors of {Model}")]
    private partial void LogDropped(string job, string source, string model, int vectors);
}
