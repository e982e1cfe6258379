using System.CommandLine;
using System.Diagnostics;
using Pipeline.Core.Evaluation;
using Pipeline.Host.Evaluation;
using Pipeline.Host.Models;
using Pipeline.Storage.Retrieval;
using Pipeline.Storage.Index;
using Pipeline.Storage.Models;

namespace Pipeline.Host.Cli;

/// <summary>
/// <c>eval --questions FILE</c>: asks every question of a set through the <see cref="Retriever"/> (as <c>query</c> does) and
/// scores the ranked chunks by the rules of the reference scorer (<c>shared/qa/eval_retrieval.py</c>): R@1, R@5, MRR@k,
/// hits@k and answerable, overall and per file.
/// </summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var questions = new Option<FileInfo>("--questions") { Description = "Question set, one {\"id\",\"file\",\"page\",\"question\",\"answer\"} per line", Required = true };
        var top = new Option<int>("--top") { Description = "How many ranked chunks count per question (k)", DefaultValueFactory = _ => 10 };
        var model = new Option<string?>("--model")
        {
            Description = "Evaluate this model's vectors (a registry id), in every source that has them, active or not: judge a model built by `models build` before activating it. Default: each source's active model",
        };
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object, the reference scorer's last line" };
        var resultsOut = new Option<FileInfo?>("--results-out") { Description = "Also write the ranked results as the scorer reads them: {\"id\",\"results\":[{\"document\",\"text\"}]} per line" };
        var chunksOut = new Option<FileInfo?>("--chunks-out") { Description = "Also write every stored chunk of the model as {\"document\",\"text\"} per line (the scorer's --chunks)" };
        var mode = ModeOption.Create();
        var command = new Command("eval", "Score retrieval on a question set: R@1, R@5, MRR, hits and answerable, overall and per file")
        {
            questions, top, model, mode, json, resultsOut, chunksOut,
        };
        var callers = new CallerOptions();
        callers.AddTo(command);
        top.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 1000)
            {
                result.AddError("--top must be between 1 and 1000");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var set = QuestionSet.Read(parse.GetValue(questions)!.FullName);
            var k = parse.GetValue(top);
            await using var runtime = await CliRuntime.StartAsync(cancellationToken);
            var how = ModeOption.Read(parse, mode) ?? runtime.Get<Retriever>().Options.Mode;
            var named = parse.GetValue(model) is { } m ? runtime.Get<EmbedderCatalog>().Get(m).Model.Id : null;
            var sourceModels = runtime.Get<SourceModels>();
            if (named is not null && await sourceModels.CountVectorsAsync(named, cancellationToken) == 0)
            {
                var active = string.Join(", ", (await sourceModels.AllAsync(cancellationToken)).Values.Distinct().Order());
                throw new ArgumentException(
                    $"--model {parse.GetValue(model)}: the index holds no vectors of {named} (active: {(active.Length == 0 ? "none" : active)}); "
                    + $"build them first: ./pipeline models build JOB --model {parse.GetValue(model)}");
            }
            // Whose search is scored: anonymous by default (public and everyone documents), as a query without identity.
            var caller = await callers.ResolveAsync(parse, runtime.Get<Search.CallerResolver>(), cancellationToken);
            var clock = Stopwatch.StartNew();
            RetrievalReport report;
            await using (var results = ScorerInputFile.Create(parse.GetValue(resultsOut)))
            await using (var chunks = ScorerInputFile.Create(parse.GetValue(chunksOut)))
            {
                report = await runtime.Get<RetrievalEvaluation>().EvaluateAsync(set, k, named, source: null, cancellationToken, results, chunks, how, caller);
            }
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(ScorerJson.Write(report));
            }
            else
            {
                ScorerTable.Write(Console.Out, report);
            }
            await Console.Error.WriteLineAsync($"evaluated {set.Count} questions, {how.Name()} ranking, with {named ?? "each source's active model"} in {clock.Elapsed.TotalSeconds:0.0} s");
            return 0;
        });
        return command;
    }
}
