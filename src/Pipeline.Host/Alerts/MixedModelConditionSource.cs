using Pipeline.Embeddings;
using Pipeline.Host.Monitoring;

namespace Pipeline.Host.Alerts;

/// <summary>
/// Fires when the vectors of a job's active model were computed by more than one ONNX graph, or by another graph than
/// the one this build packages under that name: similarities across graphs mean nothing. Vectors of inactive models
/// (a build waiting to be activated, the old model after a switch) are expected and do not fire.
/// </summary>
public sealed class MixedModelConditionSource(JobHealthReport report) : IAlertConditionSource
{
    public string Kind => "mixed-model";

    public async Task<IReadOnlyList<AlertCondition>> FiringAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var firing = new List<AlertCondition>();
        foreach (var health in await report.GetAsync(cancellationToken))
        {
            var active = health.Models.Where(m => m.Active).ToList();
            var foreign = active.Where(m => ModelRegistry.Find(m.ModelId)?.Sha256 != m.ModelSha256).ToList();
            if (foreign.Count == 0 && active.Count <= 1)
            {
                continue;
            }
            List<AlertFigure> figures =
            [
                new("model hashes among the active model's vectors", AlertFigure.Format(active.Count), "> 1 or not the packaged model"),
                new("vectors of another graph", AlertFigure.Format(foreign.Sum(m => m.Chunks)), "> 0"),
            ];
            figures.AddRange(active.Select(m => new AlertFigure($"vectors of {m.ModelId} {m.ModelSha256}", AlertFigure.Format(m.Chunks))));
            firing.Add(new AlertCondition(
                $"{Kind}:{health.Job}", Kind, health.Job,
                foreign.Count == 0
                    ? $"{health.Job} source {health.Source} mixes {active.Count} graphs of its active model"
                    : $"{health.Job} source {health.Source}: {foreign.Sum(m => m.Chunks)} vectors not computed by the packaged model",
                figures, "mixed-model-index.md", "/hangfire/pipeline/drift"));
        }
        return firing;
    }
}
