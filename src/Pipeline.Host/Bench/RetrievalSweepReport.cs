using System.Text.Json.Serialization;

namespace Pipeline.Host.Bench;

/// <summary>What <c>bench --retrieval</c> prints: one row per chunking variant, with the three rankings side by side.</summary>
public sealed record RetrievalSweepReport(
    [property: JsonPropertyName("folder")] string Folder,
    [property: JsonPropertyName("questions")] string Questions,
    [property: JsonPropertyName("variants")] IReadOnlyList<RetrievalSweepRow> Variants)
{
    public const string Header =
        "model                  tokens prefix          overlap chunks | dense R@1  R@5    MRR   | lexical R@1 R@5   MRR   | hybrid R@1 R@5    MRR   | answ.";

    public void Write(TextWriter output)
    {
        output.WriteLine($"bench --retrieval: {Folder}, questions {Questions}");
        output.WriteLine("  " + Header);
        foreach (var row in Variants)
        {
            output.WriteLine("  " + Line(row));
        }
    }

    public static string Line(RetrievalSweepRow r) =>
        $"{r.Model,-22} {r.MaxTokens,6} {r.Prefix,-15} {r.OverlapPercent,6}% {r.Chunks,6} | "
        + $"{r.Dense.RecallAt1,9:0.000} {r.Dense.RecallAt5,5:0.000} {r.Dense.Mrr,6:0.000} | "
        + $"{r.Lexical.RecallAt1,11:0.000} {r.Lexical.RecallAt5,5:0.000} {r.Lexical.Mrr,5:0.000} | "
        + $"{r.Hybrid.RecallAt1,10:0.000} {r.Hybrid.RecallAt5,5:0.000} {r.Hybrid.Mrr,6:0.000} | {r.Dense.Answerable,5:0.000}";
}

/// <param name="Seconds">Wall time of the ingest (extraction, chunking, embedding, writing) on this machine.</param>
public sealed record RetrievalSweepRow(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("max_tokens")] int MaxTokens,
    [property: JsonPropertyName("prefix")] string Prefix,
    [property: JsonPropertyName("overlap_percent")] int OverlapPercent,
    [property: JsonPropertyName("chunks")] long Chunks,
    [property: JsonPropertyName("ingest_seconds")] double Seconds,
    [property: JsonPropertyName("dense")] ModelEval Dense,
    [property: JsonPropertyName("lexical")] ModelEval Lexical,
    [property: JsonPropertyName("hybrid")] ModelEval Hybrid);
