using System.Text.Json.Serialization;

namespace Pipeline.Host.Jobs;

/// <summary>
/// How far a full sync may go in deleting what its listing no longer names. A short listing (a permission lost, a
/// search index rebuilding, offset paging shifted by deletions) looks exactly like mass deletion, so vanished items
/// are looked up one by one first, and a sync that would still delete too many deletes nothing and waits for an operator.
/// </summary>
public sealed record DeletionSettings
{
    /// <summary>Most of a source's documents one sync may delete, in percent, before it is blocked.</summary>
    [JsonPropertyName("maxPercent")]
    public double MaxPercent { get; init; } = 20;

    /// <summary>Fewer deletions than this are never blocked, however small the source.</summary>
    [JsonPropertyName("minDocuments")]
    public int MinDocuments { get; init; } = 10;

    /// <summary>Direct lookups per run confirming that a vanished item is gone; items beyond it are kept this run.</summary>
    [JsonPropertyName("maxLookups")]
    public int MaxLookups { get; init; } = 300;

    /// <returns>What is wrong with the settings, or null.</returns>
    public string? Problem() =>
        MaxPercent is < 0 or > 100 ? $"deletion.maxPercent ({MaxPercent}) must be between 0 and 100"
        : MinDocuments < 1 ? $"deletion.minDocuments ({MinDocuments}) must be at least 1"
        : MaxLookups is < 0 or > 100_000 ? $"deletion.maxLookups ({MaxLookups}) must be between 0 and 100000"
        : null;

    /// <summary>Whether deleting <paramref name="deleting"/> of <paramref name="documents"/> needs an operator's confirmation.</summary>
    public bool Blocks(int deleting, int documents) => deleting >= MinDocuments && deleting * 100.0 > MaxPercent * documents;
}
