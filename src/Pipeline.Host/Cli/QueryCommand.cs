using System.CommandLine;
using Pipeline.Host.Search;
using Pipeline.Storage.Retrieval;

namespace Pipeline.Host.Cli;

public static class QueryCommand
{
    public static Command Create()
    {
        var text = new Argument<string>("text") { Description = "What to look for" };
        var top = new Option<int>("--top") { Description = "How many chunks to return", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Print the hits as a JSON array, best first" };
        var mode = ModeOption.Create();
        var command = new Command("query", "Find the chunks that best answer a text: by meaning, by its terms, or both (see --mode)") { text, top, json, mode };
        var callers = new CallerOptions();
        callers.AddTo(command);
        // On the option, not the command: a command validator reads an absent option as 0, not its default.
        top.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 1000)
            {
                result.AddError("--top must be between 1 and 1000");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var runtime = await CliRuntime.StartAsync(cancellationToken);
            var retriever = runtime.Get<Retriever>();
            var how = ModeOption.Read(parse, mode) ?? retriever.Options.Mode;
            Storage.Access.SearchCaller caller;
            try
            {
                caller = await callers.ResolveAsync(parse, runtime.Get<CallerResolver>(), cancellationToken);
            }
            catch (ArgumentException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
            var hits = (await retriever.SearchAsync(parse.GetValue(text)!, parse.GetValue(top), caller, cancellationToken, how))
                .Select(h => QueryHit.From(h, how))
                .ToList();
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(QueryHit.ToJson(hits));
                return 0;
            }
            if (hits.Count == 0)
            {
                Console.WriteLine(caller.Admin
                    ? "no chunks indexed yet: run ./pipeline ingest first"
                    : $"no chunks found that {caller.Description} may read (indexed documents may be restricted: try --as, --principals or --admin)");
            }
            for (var i = 0; i < hits.Count; i++)
            {
                var h = hits[i];
                var pages = h.Pages[0] == h.Pages[1] ? $"p.{h.Pages[0]}" : $"pp.{h.Pages[0]}-{h.Pages[1]}";
                var path = h.HeadingPath.Count > 0 ? "  " + string.Join(Core.Chunking.StructureChunker.HeadingSeparator, h.HeadingPath) : "";
                Console.WriteLine($"{i + 1}. {h.Score:0.0000}  {h.Document} #{h.Chunk} {pages}{path}");
                var preview = h.Text.ReplaceLineEndings(" ");
                Console.WriteLine("   " + (preview.Length > 240 ? preview[..240] + "…" : preview));
            }
            return 0;
        });
        return command;
    }
}
