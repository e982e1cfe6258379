namespace Pipeline.Host.Dashboard;

/// <summary>Addresses of the pipeline pages under the dashboard's path (e.g. <c>/hangfire</c>).</summary>
public sealed record DashboardLinks(string Prefix)
{
    public const string Sources = "/pipeline/sources";
    public const string Runs = "/pipeline/runs";
    public const string Quality = "/pipeline/quality";
    public const string DeadLetters = "/pipeline/dead-letters";
    public const string Drift = "/pipeline/drift";
    public const string Models = "/pipeline/models";
    public const string Trends = "/pipeline/trends";

    public string To(string path) => Prefix.TrimEnd('/') + path;

    public string Run(long id) => To($"{Runs}/{id}");

    public string RunsFrom(int offset) => To($"{Runs}?from={offset}");

    public string SyncNow(string job) => To($"{Sources}/{Uri.EscapeDataString(job)}/sync");

    public string ConfirmDeletions(string job) => To($"{Sources}/{Uri.EscapeDataString(job)}/confirm-deletions");

    public string Replay(long id) => To($"{DeadLetters}/{id}/replay");

    public string ModelAction(string job, string action) => To($"{Models}/{Uri.EscapeDataString(job)}/{action}");

    /// <summary>One job's trends over its last <paramref name="runs"/> syncs (the page's default when null).</summary>
    public string TrendsOf(string job, int? runs = null) => To($"{Trends}/{Uri.EscapeDataString(job)}" + (runs is { } n ? $"?runs={n}" : ""));

    public string TrendsWindow(int runs) => To($"{Trends}?runs={runs}");

    public string ReplayAll() => To($"{DeadLetters}/replay-all");
}
