using System.CommandLine;
using System.Text.Json.Serialization;
using Pipeline.Storage.Index;

namespace Pipeline.Host.Cli;

/// <summary>
/// <c>verify [--repair] [--json]</c>: checks the index against what ingestion writes and each source's active model.
/// Exit 0 when clean or repaired, 1 when problems remain.
/// </summary>
public static class VerifyCommand
{
    private const int Examples = 5;

    /// <summary>The <c>--json</c> output: the report's fields plus what the repair did (null without --repair).</summary>
    public sealed record VerifyOutput(
        [property: JsonPropertyName("clean")] bool Clean,
        [property: JsonPropertyName("active_models")] IReadOnlyList<VerifiedModel> ActiveModels,
        [property: JsonPropertyName("inactive_vectors")] IReadOnlyList<ModelCount> InactiveVectors,
        [property: JsonPropertyName("documents_checked")] long DocumentsChecked,
        [property: JsonPropertyName("failed_documents")] long FailedDocuments,
        [property: JsonPropertyName("chunks_checked")] long ChunksChecked,
        [property: JsonPropertyName("problems")] IReadOnlyDictionary<string, ProblemSummary> Problems,
        [property: JsonPropertyName("repair")] RepairResult? Repair);

    public static Command Create()
    {
        var repair = new Option<bool>("--repair") { Description = "Delete chunks that must not be served and schedule documents with wrong chunks for re-ingestion by the next sync" };
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object" };
        var command = new Command("verify", "Check that every indexed document has exactly its chunks, with derived ids and vectors of its source's active model") { repair, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var runtime = await CliRuntime.StartAsync(cancellationToken);
            var report = await runtime.Get<IndexVerification>().CheckAsync(Examples, cancellationToken);
            RepairResult? repaired = null;
            if (parse.GetValue(repair) && !report.Clean)
            {
                repaired = await runtime.Get<IndexVerificationRepair>().RepairAsync(cancellationToken);
            }
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(new VerifyOutput(report.Clean, report.ActiveModels, report.InactiveVectors, report.DocumentsChecked, report.FailedDocuments,
                    report.ChunksChecked, report.Problems, repaired));
            }
            else
            {
                Print(report, repaired);
            }
            return report.Clean || repaired is not null ? 0 : 1;
        });
        return command;
    }

    private static void Print(VerificationReport report, RepairResult? repaired)
    {
        Console.WriteLine($"checked {report.DocumentsChecked} indexed documents ({report.FailedDocuments} quarantined), {report.ChunksChecked} chunks, "
            + "each against its source's active model:");
        foreach (var m in report.ActiveModels)
        {
            Console.WriteLine($"  {m.Source}: {m.ModelId} ({m.ModelSha256[..Math.Min(12, m.ModelSha256.Length)]}…, {m.Dimensions} dimensions)");
        }
        foreach (var m in report.InactiveVectors)
        {
            // Not damage: a model being built, or the previous one kept after a switch until `models drop`.
            Console.WriteLine($"inactive model {m.ModelId} ({m.ModelSha256[..Math.Min(12, m.ModelSha256.Length)]}…): {m.Chunks} vectors, not searched");
        }
        if (report.Clean)
        {
            Console.WriteLine("clean: no problems found");
            return;
        }
        foreach (var (kind, problem) in report.Problems.Where(p => p.Value.Count > 0))
        {
            Console.WriteLine($"{kind}: {problem.Count} {problem.Unit}");
            foreach (var e in problem.Examples)
            {
                var where = string.Join(" ", new[] { e.Source, e.Document, e.Chunk is { } ordinal ? $"#{ordinal}" : null, e.Id is { } id ? $"[{id}]" : null }.Where(s => s is not null));
                Console.WriteLine($"  {where}: {e.Detail}");
            }
            if (problem.Count > problem.Examples.Count)
            {
                Console.WriteLine($"  … and {problem.Count - problem.Examples.Count} more");
            }
        }
        if (repaired is null)
        {
            Console.WriteLine("not repaired: run ./pipeline verify --repair");
            return;
        }
        Console.WriteLine($"repaired: deleted {repaired.ChunksDeleted} chunks; scheduled {repaired.DocumentsScheduled} documents for re-ingestion " +
            "(the next sync of their source rebuilds them; incremental sources at their next full listing, or ingest --full)");
    }
}
