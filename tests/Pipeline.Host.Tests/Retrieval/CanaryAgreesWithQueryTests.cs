using System.Text.Json;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Host.Tests.Monitoring;
using Pipeline.Storage.Retrieval;

namespace Pipeline.Host.Tests.Retrieval;

/// <summary>
/// A canary asks through the same retriever as <c>query</c>: its rank is the rank of its document among the distinct
/// documents of <c>query --top CANDIDATES</c> for the same question, in the same mode.
/// </summary>
public sealed class CanaryAgreesWithQueryTests
{
    private static readonly (string Query, string Expect)[] Canaries =
    [
        ("what to check first when the database is unreachable", "incident-response.pdf"),
        ("how a failed sync is retried", "jobs-and-retries.pdf"),
        ("which stages a document passes through from extraction to storage", "architecture.pdf"),
        ("retries", "getting-started.pdf"),
    ];

    [Fact]
    public async Task A_canary_rank_equals_the_rank_of_its_document_in_the_cli_query_for_the_same_question()
    {
        await using var job = await MonitoredJob.CreateAsync("canary_query",
            ["getting-started.pdf", "architecture.pdf", "operations/jobs-and-retries.pdf", "operations/incident-response.pdf"],
            new() { ["canaries"] = Canaries.Select(c => new { query = c.Query, expect = c.Expect, k = 4 }).ToArray() });

        await job.SyncAsync();
        var canaries = (await job.HealthAsync()).Canaries!.Results;

        var depth = new SearchOptions().Candidates.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (query, expect) in Canaries)
        {
            var cli = await CliProcess.RunAsync(job.CliEnvironment, "query", query, "--top", depth, "--json");
            Assert.True(cli.ExitCode == 0, cli.Stderr);
            using var hits = JsonDocument.Parse(cli.Stdout);
            Assert.All(hits.RootElement.EnumerateArray(), h => Assert.Equal("hybrid", h.GetProperty("mode").GetString()));
            var documents = hits.RootElement.EnumerateArray().Select(h => h.GetProperty("document").GetString()!).Distinct().ToList();
            var cliRank = documents.FindIndex(d => d.EndsWith(expect, StringComparison.Ordinal)) + 1;

            var canary = canaries.Single(r => r.Query == query);
            Assert.True((canary.Rank ?? 0, canary.TopDocument) == (cliRank, documents[0]),
                $"\"{query}\": canary rank {canary.Rank} (first {canary.TopDocument}), query rank {cliRank} (first {documents[0]})");
        }
        // Not every canary finds its document first, so the ranks compared are not all trivially 1.
        Assert.Contains(canaries, r => r.Rank != 1);
    }
}
