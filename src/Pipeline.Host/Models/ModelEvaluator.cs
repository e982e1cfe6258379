using Pipeline.Host.Evaluation;

namespace Pipeline.Host.Models;

/// <summary>Scores the active model and a candidate on the job's question set, both on the job's source only.</summary>
public sealed class ModelEvaluator(RetrievalEvaluation evaluation, Pipeline.Storage.Models.BuildChunks chunks)
{
    /// <returns>Null when the job names no <c>evaluation.questions</c>.</returns>
    public async Task<ModelComparison?> CompareAsync(ModelTarget target, CancellationToken cancellationToken)
    {
        if (target.Job.Evaluation is not { } settings)
        {
            return null;
        }
        var path = settings.QuestionsPath(target.Job.FilePath);
        var questions = QuestionSet.Read(path);
        var active = await evaluation.EvaluateAsync(questions, settings.Top, target.Active.Model.Id, target.Source, cancellationToken);
        var built = await chunks.CoverageAsync(target.Source, target.Candidate.Model.Id, cancellationToken);
        var candidate = built.Embedded == 0 ? null
            : target.Candidate.Model.Id == target.Active.Model.Id ? active
            : await evaluation.EvaluateAsync(questions, settings.Top, target.Candidate.Model.Id, target.Source, cancellationToken);
        return new ModelComparison(path, settings.Top, active.Overall, candidate?.Overall);
    }
}
