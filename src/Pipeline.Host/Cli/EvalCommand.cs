using System.CommandLine;
using System.Diagnostics;
using Pipeline.Core.Evaluation;
using Pipeline.Host.Evaluation;
using Pipeline.Host.Jobs;
using Pipeline.Host.Retrieval;
using Pipeline.Storage.Index;

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
        var model = new Option<string?>("--model") { Description = "Model to evaluate; only the running model is available so far" };
        var json = new Option<bool>("--json") { Description = "Print the figures as one JSON object, the reference scorer's last line" };
        var resultsOut = new Option<FileInfo?>("--results-out") { Description = "Also write the ranked results as the scorer reads them: {\"id\",\"results\":[{\"document\",\"text\"}]} per line" };
        var chunksOut = new Option<FileInfo?>("--chunks-out") { Description = "Also write every stored chunk of the model as {\"document\",\"text\"} per line (the scorer's --chunks)" };
        var command = new Command("eval", "Score retrieval on a question set: R@1, R@5, MRR, hits and answerable, overall and per file")
        {
            questions, top, model, json, resultsOut, chunksOut,
        };
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
            var retriever = runtime.Get<Retriever>();
            if (parse.GetValue(model) is { } named && !EmbeddingModelCheck.Names(retriever.Model.Id, named))
            {
                throw new ArgumentException($"--model {named}: this service runs '{retriever.Model.Id}' only; no other model can be evaluated yet");
            }
            var clock = Stopwatch.StartNew();
            var hits = await retriever.SearchAsync(set.Select(q => q.Question).ToList(), k, cancellationToken);
            var ranked = hits.Select(h => (IReadOnlyList<RankedText>)h.Select(x => new RankedText(x.Document, x.Text)).ToList()).ToList();
            await using (var file = ScorerInputFile.Create(parse.GetValue(resultsOut)))
            {
                for (var i = 0; i < set.Count; i++)
                {
                    file?.WriteResults(set[i].Id, ranked[i].Select(r => (r.Document, r.Text)));
                }
            }
            var answerable = new AnswerableQuestions(set);
            await using (var file = ScorerInputFile.Create(parse.GetValue(chunksOut)))
            {
                await foreach (var chunk in runtime.Get<ChunkExport>().ReadAsync(false, cancellationToken))
                {
                    if (chunk.ModelSha256 == retriever.Model.Sha256)
                    {
                        answerable.Add(chunk.Document, chunk.Text);
                        file?.WriteChunkLine(chunk.Document, chunk.Text);
                    }
                }
            }
            var report = RetrievalScorer.Score(set, ranked, answerable.Found, k);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(ScorerJson.Write(report));
            }
            else
            {
                ScorerTable.Write(Console.Out, report);
            }
            await Console.Error.WriteLineAsync($"evaluated {set.Count} questions with {retriever.Model.Id} in {clock.Elapsed.TotalSeconds:0.0} s");
            return 0;
        });
        return command;
    }
}
