using System.CommandLine;
using System.Text.Json.Serialization;
using Pipeline.Host.Retrieval;

namespace Pipeline.Host.Cli;

public static class QueryCommand
{
    public sealed record QueryHit(
        [property: JsonPropertyName("document")] string Document,
        [property: JsonPropertyName("chunk")] int Chunk,
        [property: JsonPropertyName("score")] double Score,
        [property: JsonPropertyName("text")] string Text,
        [property: JsonPropertyName("heading_path")] IReadOnlyList<string> HeadingPath,
        [property: JsonPropertyName("pages")] int[] Pages,
        [property: JsonPropertyName("source")] string Source);

    public static Command Create()
    {
        var text = new Argument<string>("text") { Description = "What to look for" };
        var top = new Option<int>("--top") { Description = "How many chunks to return", DefaultValueFactory = _ => 5 };
        var json = new Option<bool>("--json") { Description = "Print the hits as a JSON array, best first" };
        var command = new Command("query", "Find the chunks closest in meaning to a text") { text, top, json };
        command.Validators.Add(result =>
        {
            if (result.GetValue(top) is < 1 or > 1000)
            {
                result.AddError("--top must be between 1 and 1000");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var runtime = await CliRuntime.StartAsync(cancellationToken);
            var hits = (await runtime.Get<Retriever>().SearchAsync(parse.GetValue(text)!, parse.GetValue(top), cancellationToken))
                .Select(h => new QueryHit(h.Document, h.Chunk, Math.Round(h.Score, 4), h.Text, h.HeadingPath, [h.PageStart, h.PageEnd], h.Source))
                .ToList();
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(hits);
                return 0;
            }
            if (hits.Count == 0)
            {
                Console.WriteLine("no chunks indexed yet: run ./pipeline ingest first");
            }
            for (var i = 0; i < hits.Count; i++)
            {
                var h = hits[i];
                var pages = h.Pages[0] == h.Pages[1] ? $"p.{h.Pages[0]}" : $"pp.{h.Pages[0]}-{h.Pages[1]}";
                var path = h.HeadingPath.Count > 0 ? "  " + string.Join(Core.Chunking.StructureChunker.HeadingSeparator, h.HeadingPath) : "";
                Console.WriteLine($"{i + 1}. {h.Score:0.000}  {h.Document} #{h.Chunk} {pages}{path}");
                var preview = h.Text.ReplaceLineEndings(" ");
                Console.WriteLine("   " + (preview.Length > 240 ? preview[..240] + "…" : preview));
            }
            return 0;
        });
        return command;
    }
}
