using System.Text.Json.Serialization;

namespace Pipeline.Storage.Models;

/// <summary>One background re-embedding of a job's stored chunks with another model (<c>pipeline.model_builds</c>).</summary>
public sealed record ModelBuild(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("job")] string JobName,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("chunks_total")] long ChunksTotal,
    [property: JsonPropertyName("chunks_done")] long ChunksDone,
    [property: JsonPropertyName("tokens_total")] long TokensTotal,
    [property: JsonPropertyName("estimated_seconds")] double? EstimatedSeconds,
    [property: JsonPropertyName("requested_at")] DateTimeOffset RequestedAt,
    [property: JsonPropertyName("started_at")] DateTimeOffset? StartedAt,
    [property: JsonPropertyName("finished_at")] DateTimeOffset? FinishedAt,
    [property: JsonPropertyName("error")] string? Error)
{
    public const string Building = "building";
    public const string Built = "built";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    /// <summary>Seconds from the first chunk to the last, for builds that finished.</summary>
    [JsonPropertyName("seconds")]
    public double? Seconds => StartedAt is { } s && FinishedAt is { } f ? Math.Round((f - s).TotalSeconds, 1) : null;
}
