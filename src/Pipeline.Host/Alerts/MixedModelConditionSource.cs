using Pipeline.Core.Embedding;
using Pipeline.Host.Monitoring;

namespace Pipeline.Host.Alerts;

/// <summary>
/// Fires when a job's source holds vectors of more than one model, or of another model than the one this service
/// runs: similarities across models mean nothing and queries cannot see the other model's chunks.
/// </summary>
public sealed class MixedModelConditionSource(JobHealthReport report, IEmbedder embedder) : IAlertConditionSource
{
    public string Kind => "mixed-model";

    public async Task<IReadOnlyList<AlertCondition>> FiringAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var running = embedder.Model;
        var firing = new List<AlertCondition>();
        foreach (var health in await report.GetAsync(cancellationToken))
        {
            var foreign = health.Models.Where(m => m.ModelSha256 != running.Sha256).ToList();
            if (foreign.Count == 0 && health.Models.Count <= 1)
            {
                continue;
            }
            List<AlertFigure> figures =
            [
                new("model hashes in the source", AlertFigure.Format(health.Models.Count), "> 1 or not the running model"),
                new("chunks of another model", AlertFigure.Format(foreign.Sum(m => m.Chunks)), "> 0"),
                new("running model", $"{running.Id} {running.Sha256}"),
            ];
            figures.AddRange(health.Models.Select(m => new AlertFigure($"chunks of {m.ModelId} {m.ModelSha256}", AlertFigure.Format(m.Chunks))));
            firing.Add(new AlertCondition(
                $"{Kind}:{health.Job}", Kind, health.Job,
                foreign.Count == 0
                    ? $"{health.Job} source {health.Source} mixes {health.Models.Count} models"
                    : $"{health.Job} source {health.Source}: {foreign.Sum(m => m.Chunks)} chunks not embedded by the running model",
                figures, "mixed-model-index.md", "/hangfire/pipeline/drift"));
        }
        return firing;
    }
}
