using System.Text.Json.Serialization;
using Pipeline.Core.Drift;
using Pipeline.Core.Runs;
using Pipeline.Storage.Index;

namespace Pipeline.Storage.Monitoring;

/// <summary>What a job's health is judged against: its freshness SLA and how long an item may go unread, at <paramref name="Now"/>.</summary>
public sealed record JobHealthSpec(string Job, double SlaHours, double ReverifyDays, DateTimeOffset Now);

/// <summary>One job's health: freshness, last run, latest drift figures, canaries and model mix.</summary>
public sealed record JobHealth(
    [property: JsonPropertyName("job")] string Job,
    [property: JsonPropertyName("source")] string? Source,
    [property: JsonPropertyName("freshness")] Freshness Freshness,
    [property: JsonPropertyName("last_run")] LastRun? LastRun,
    [property: JsonPropertyName("figures_run_id")] long? FiguresRunId,
    [property: JsonPropertyName("figures")] IReadOnlyList<RunFigure> Figures,
    [property: JsonPropertyName("canaries")] Canaries? Canaries,
    [property: JsonPropertyName("models")] IReadOnlyList<ModelCount> Models)
{
    /// <summary>
    /// This source's documents served at their last good version after a source-side failure. Shown, not a problem:
    /// the next sync retries them, and a source that keeps failing shows in freshness and the failed counts.
    /// </summary>
    [JsonPropertyName("stale")]
    public IReadOnlyList<StaleDocument> Stale { get; init; } = [];

    /// <summary>
    /// The active model's vectors come from more than one ONNX graph: similarities between them mean nothing. Vectors
    /// of inactive models (a build, the old model after a switch) are not counted.
    /// </summary>
    [JsonPropertyName("mixed_model")]
    public bool MixedModel => Models.Count(m => m.Active) > 1;

    /// <summary>Every condition that makes the job unhealthy, one readable line each; empty when healthy.</summary>
    [JsonPropertyName("problems")]
    public IReadOnlyList<string> Problems
    {
        get
        {
            var problems = new List<string>();
            if (Freshness.SlaBreached)
            {
                problems.Add(Freshness.LastSuccessAt is not null
                    ? $"freshness: last success {Freshness.AgeHours:0.#} h ago, SLA {Freshness.SlaHours:0.#} h"
                    : Freshness.RegisteredAt is not null
                        ? $"freshness: never synced (registered {Freshness.AgeHours:0.#} h ago, SLA {Freshness.SlaHours:0.#} h)"
                        : $"freshness: never synced successfully (first sync {Freshness.AgeHours:0.#} h ago, SLA {Freshness.SlaHours:0.#} h)");
            }
            if (Freshness.StaleDocuments > 0)
            {
                problems.Add($"freshness: {Freshness.StaleDocuments} documents not re-verified in {Freshness.ReverifyDays:0.#} days");
            }
            problems.AddRange(Figures.Where(f => f.Crossed).Select(Describe));
            if (MixedModel)
            {
                problems.Add($"mixed-model index: {Models.Count(m => m.Active)} model hashes among the vectors of this source's active model");
            }
            return problems;
        }
    }

    [JsonPropertyName("healthy")]
    public bool Healthy => Problems.Count == 0;

    private string Describe(RunFigure figure)
    {
        var line = $"{figure.Name} {figure.Value:0.###} crossed its threshold {figure.Threshold:0.###}";
        if (figure.Name != RunFigureNames.CanaryRecall || Canaries is null)
        {
            return line;
        }
        return line + ": missed " + string.Join(", ", Canaries.Results.Where(r => !r.Hit).Select(r => $"\"{r.Query}\" → {r.Expect} (top {r.K})"));
    }

    public double? Figure(string name) => Figures.FirstOrDefault(f => f.Name == name)?.Value;
}

/// <param name="LastSuccessAt">When the last successful sync finished (<c>LastSuccessfulSyncQuery</c>); null when there was none.</param>
/// <param name="AgeHours">Hours since the last success; for a job that never synced, since it was registered (else since its first sync); null when neither.</param>
/// <param name="RegisteredAt">When the service first loaded the job's file.</param>
/// <param name="LastVerifiedAt">When a run last read every item of the source (a full listing); items read since count as verified too.</param>
/// <param name="StaleDocuments">Documents no run has read (listed unchanged, or re-ingested) for more than <see cref="ReverifyDays"/>.</param>
public sealed record Freshness(
    [property: JsonPropertyName("last_success_at")] DateTimeOffset? LastSuccessAt,
    [property: JsonPropertyName("age_hours")] double? AgeHours,
    [property: JsonPropertyName("sla_hours")] double SlaHours,
    [property: JsonPropertyName("sla_breached")] bool SlaBreached,
    [property: JsonPropertyName("registered_at")] DateTimeOffset? RegisteredAt,
    [property: JsonPropertyName("last_verified_at")] DateTimeOffset? LastVerifiedAt,
    [property: JsonPropertyName("reverify_days")] double ReverifyDays,
    [property: JsonPropertyName("stale_documents")] long StaleDocuments);

public sealed record LastRun(
    [property: JsonPropertyName("run_id")] long RunId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("finished_at")] DateTimeOffset? FinishedAt,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("summary")] RunSummary? Summary);

/// <param name="Recall">Share of the canaries whose document was in their top k (recall@k).</param>
public sealed record Canaries(
    [property: JsonPropertyName("run_id")] long RunId,
    [property: JsonPropertyName("recall")] double Recall,
    [property: JsonPropertyName("results")] IReadOnlyList<CanaryResult> Results);
