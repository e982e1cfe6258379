using System.Text.Json.Serialization;

namespace Pipeline.Host.Jobs;

/// <summary>
/// How a job's permissions are kept current (the job file's <c>access</c> section). Atlassian sources re-read space
/// permissions, page restrictions, permission schemes, security levels and group memberships every
/// <see cref="SyncMinutes"/>, without re-embedding. Items the service account can no longer read are hidden at once
/// and purged after <see cref="GraceDays"/>.
/// </summary>
public sealed record AccessSettings
{
    /// <summary>Days a document hidden because access was lost is kept, to be restored without re-embedding if access returns.</summary>
    [JsonPropertyName("graceDays")]
    public double GraceDays { get; init; } = 7;

    /// <summary>Minutes between permission syncs of a Jira or Confluence job; 0 turns the recurring permission sync off.</summary>
    [JsonPropertyName("syncMinutes")]
    public int SyncMinutes { get; init; } = 30;

    /// <summary>
    /// An alert fires when one sync loses access to more than this percentage of the source's documents (and at
    /// least <see cref="AlertMinDocuments"/>): a revoked service account looks exactly like this.
    /// </summary>
    [JsonPropertyName("alertPercent")]
    public double AlertPercent { get; init; } = 5;

    [JsonPropertyName("alertMinDocuments")]
    public int AlertMinDocuments { get; init; } = 3;

    public TimeSpan Grace => TimeSpan.FromDays(GraceDays);

    /// <returns>What is wrong with the settings, or null.</returns>
    public string? Problem() =>
        GraceDays is < 0 or > 365 ? $"access.graceDays ({GraceDays}) must be between 0 and 365"
        : SyncMinutes is < 0 or > 10_080 ? $"access.syncMinutes ({SyncMinutes}) must be between 0 (off) and 10080"
        : AlertPercent is < 0 or > 100 ? $"access.alertPercent ({AlertPercent}) must be between 0 and 100"
        : AlertMinDocuments < 1 ? $"access.alertMinDocuments ({AlertMinDocuments}) must be at least 1"
        : null;

    /// <summary>Whether losing access to <paramref name="lost"/> of <paramref name="documents"/> in one sync must alert.</summary>
    public bool Alarming(int lost, int documents) => lost >= AlertMinDocuments && lost * 100.0 > AlertPercent * Math.Max(documents, 1);
}
