using System.Globalization;
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
            foreach (var fused in row.Fusions.Skip(1))
            {
                output.WriteLine("  " + FusionLine(fused));
            }
        }
    }

    /// <summary>A further hybrid setting on the row above's index, under its hybrid columns.</summary>
    public static string FusionLine(FusionEval f) =>
        $"{"",-22} {"",6} {"hybrid " + f.Method + " " + f.DenseWeight.ToString(CultureInfo.InvariantCulture) + ":" + f.LexicalWeight.ToString(CultureInfo.InvariantCulture) + "@" + f.Candidates,-30} | {"",22} | {"",23} | "
        + $"{f.Figures.RecallAt1,10:0.000} {f.Figures.RecallAt5,5:0.000} {f.Figures.Mrr,6:0.000} |";

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
    [property: JsonPropertyName("hybrid")] ModelEval Hybrid,
    [property: JsonPropertyName("fusions")] IReadOnlyList<FusionEval> Fusions);

/// <summary>The hybrid figures of one fusion setting (RRF weights, candidates per ranking) on a variant's index.</summary>
public sealed record FusionEval(
    [property: JsonPropertyName("fusion")] string Method,
    [property: JsonPropertyName("dense_weight")] double DenseWeight,
    [property: JsonPropertyName("lexical_weight")] double LexicalWeight,
    [property: JsonPropertyName("candidates")] int Candidates,
    [property: JsonPropertyName("figures")] ModelEval Figures);
