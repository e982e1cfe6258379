using System.Text.Json.Serialization;
using Pipeline.Core.Evaluation;

namespace Pipeline.Host.Bench;

/// <summary>What <c>bench --models</c> prints: one row per registered model, all measured in one process.</summary>
public sealed record ModelsReport(
    [property: JsonPropertyName("folder")] string Folder,
    [property: JsonPropertyName("questions")] string? Questions,
    [property: JsonPropertyName("cores")] int Cores,
    [property: JsonPropertyName("onnx_threads")] int OnnxThreads,
    [property: JsonPropertyName("batch_size")] int BatchSize,
    [property: JsonPropertyName("raw_sequence_length")] int RawSequenceLength,
    [property: JsonPropertyName("models")] IReadOnlyList<ModelFigures> Models)
{
    public void Write(TextWriter output)
    {
        output.WriteLine($"bench --models: {Folder}{(Questions is null ? "" : $", questions {Questions}")}");
        output.WriteLine($"  machine: {Cores} cores; ONNX Runtime intra-op threads {OnnxThreads}, batch {BatchSize}; raw batches of {BatchSize} x {RawSequenceLength} tokens");
        output.WriteLine($"  {"model",-22} {"raw tok/s",10} {"vs fp32",8} {"e2e tok/s",10} {"chunks",7} {"R@1",7} {"R@5",7} {"MRR@10",7} {"hits",7} {"answ.",7} {"cos mean",9} {"cos min",9} {"MRR ok",7}");
        foreach (var m in Models)
        {
            output.WriteLine(
                $"  {m.Model,-22} {m.RawTokensPerSecond,10:0} {Optional(m.RawSpeedupOverFp32, "0.000"),8} {m.EndToEndTokensPerSecond,10:0} {m.Chunks,7} "
                + $"{Optional(m.Eval?.RecallAt1, "0.0000"),7} {Optional(m.Eval?.RecallAt5, "0.0000"),7} {Optional(m.Eval?.Mrr, "0.0000"),7} "
                + $"{Optional(m.Eval?.Hits, "0.0000"),7} {Optional(m.Eval?.Answerable, "0.0000"),7} "
                + $"{Optional(m.CosineToFp32Mean, "0.00000"),9} {Optional(m.CosineToFp32Min, "0.00000"),9} "
                + $"{(m.MrrWithin001OfFp32 is { } ok ? ok ? "yes" : "no" : "-"),7}");
        }
    }

    private static string Optional(double? value, string format) => value is { } v ? v.ToString(format) : "-";
}

/// <param name="RawSpeedupOverFp32">int8 models: raw tokens/s over their fp32 base's, same rounds.</param>
/// <param name="CosineToFp32Mean">int8 models: mean cosine of each stored vector to the fp32 base's vector of the same chunk.</param>
/// <param name="MrrWithin001OfFp32">int8 models with questions: |MRR - fp32 MRR| &lt;= 0.01 (the issue's gate).</param>
public sealed record ModelFigures(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("sha256")] string Sha256,
    [property: JsonPropertyName("base_model")] string? BaseModel,
    [property: JsonPropertyName("raw_tokens_per_second")] double RawTokensPerSecond,
    [property: JsonPropertyName("raw_speedup_over_fp32")] double? RawSpeedupOverFp32,
    [property: JsonPropertyName("documents")] int Documents,
    [property: JsonPropertyName("chunks")] long Chunks,
    [property: JsonPropertyName("tokens")] long Tokens,
    [property: JsonPropertyName("seconds")] double Seconds,
    [property: JsonPropertyName("end_to_end_tokens_per_second")] double EndToEndTokensPerSecond,
    [property: JsonPropertyName("eval")] ModelEval? Eval,
    [property: JsonPropertyName("cosine_to_fp32_mean")] double? CosineToFp32Mean,
    [property: JsonPropertyName("cosine_to_fp32_min")] double? CosineToFp32Min,
    [property: JsonPropertyName("cosine_chunks")] int? CosineChunks,
    [property: JsonPropertyName("mrr_within_0_01_of_fp32")] bool? MrrWithin001OfFp32);

/// <summary>The scorer's overall figures (k = 10) under its own key names.</summary>
public sealed record ModelEval(
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("recall@1")] double RecallAt1,
    [property: JsonPropertyName("recall@5")] double RecallAt5,
    [property: JsonPropertyName("mrr@10")] double Mrr,
    [property: JsonPropertyName("hits@10")] double Hits,
    [property: JsonPropertyName("answerable")] double Answerable)
{
    public static ModelEval Of(RetrievalFigures f) => new(f.N, f.RecallAt1, f.RecallAt5, f.Mrr, f.Hits, f.Answerable);
}
