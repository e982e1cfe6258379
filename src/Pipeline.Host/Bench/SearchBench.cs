using System.Diagnostics;
using System.Text.Json.Serialization;
using Pipeline.Storage.Retrieval;

namespace Pipeline.Host.Bench;

/// <summary>
/// Latency of the one <see cref="Retriever"/> as the search API calls it (one question, k hits, the active models),
/// per mode: every question asked alone, modes interleaved so a noisy moment on a shared machine falls on all three.
/// </summary>
public static class SearchBench
{
    /// <summary>Passes over the question set; each question is timed this many times per mode.</summary>
    public const int Rounds = 3;

    public const int Top = 10;

    private static readonly RetrievalMode[] Modes = [RetrievalMode.Dense, RetrievalMode.Lexical, RetrievalMode.Hybrid];

    public sealed record ModeLatency(
        [property: JsonPropertyName("mode")] string Mode,
        [property: JsonPropertyName("searches")] int Searches,
        [property: JsonPropertyName("p50_ms")] double P50,
        [property: JsonPropertyName("p95_ms")] double P95,
        [property: JsonPropertyName("mean_ms")] double Mean,
        [property: JsonPropertyName("max_ms")] double Max);

    public sealed record Report(
        [property: JsonPropertyName("questions_file")] string QuestionsFile,
        [property: JsonPropertyName("questions")] int Questions,
        [property: JsonPropertyName("chunks")] long Chunks,
        [property: JsonPropertyName("k")] int K,
        [property: JsonPropertyName("rounds")] int Rounds,
        [property: JsonPropertyName("candidates")] int Candidates,
        [property: JsonPropertyName("modes")] IReadOnlyList<ModeLatency> Modes);

    public static async Task<Report> RunAsync(Retriever retriever, string questionsFile, long chunks, CancellationToken cancellationToken)
    {
        var questions = Evaluation.QuestionSet.Read(questionsFile).Select(q => q.Question).ToList();
        // Loads the model, fills PostgreSQL's caches and prepares the statements: what a service has done before its first user.
        foreach (var mode in Modes)
        {
            await retriever.SearchAsync(questions[0], Top, Storage.Access.SearchCaller.Administrator, cancellationToken, mode);
        }
        var times = Modes.ToDictionary(m => m, _ => new List<double>());
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var question in questions)
            {
                foreach (var mode in Modes)
                {
                    var started = Stopwatch.GetTimestamp();
                    await retriever.SearchAsync(question, Top, Storage.Access.SearchCaller.Administrator, cancellationToken, mode);
                    times[mode].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        }
        return new Report(questionsFile, questions.Count, chunks, Top, Rounds, retriever.Options.Candidates,
            Modes.Select(m => Figures(m, times[m])).ToList());
    }

    public static void Write(Report r)
    {
        Console.WriteLine($"search latency: {r.Questions} questions of {r.QuestionsFile}, each asked alone {r.Rounds} times per mode, k {r.K}, "
            + $"{r.Candidates} candidates per ranking, on {r.Chunks} chunks");
        Console.WriteLine($"  {"mode",-8} {"searches",8} {"p50 ms",8} {"p95 ms",8} {"mean ms",8} {"max ms",8}");
        foreach (var m in r.Modes)
        {
            Console.WriteLine($"  {m.Mode,-8} {m.Searches,8} {m.P50,8:0.0} {m.P95,8:0.0} {m.Mean,8:0.0} {m.Max,8:0.0}");
        }
    }

    private static ModeLatency Figures(RetrievalMode mode, List<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToList();
        return new ModeLatency(mode.Name(), sorted.Count, Math.Round(Percentile(sorted, 0.50), 1), Math.Round(Percentile(sorted, 0.95), 1),
            Math.Round(sorted.Average(), 1), Math.Round(sorted[^1], 1));
    }

    /// <summary>Nearest rank: the smallest value with at least that share of the samples at or below it.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double share) =>
        sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Count) - 1, 0, sorted.Count - 1)];
}
