using System.CommandLine;
using Pipeline.Host.Ingestion;
using Pipeline.Storage.DeadLetters;

namespace Pipeline.Host.Cli;

/// <summary><c>deadletters list|replay</c>: chunks the model failed on, and retrying them.</summary>
public static class DeadLettersCommand
{
    public static Command Create() => new("deadletters", "Chunks the embedding model failed on after retries, and replaying them") { List(), Replay() };

    private static Command List()
    {
        var json = new Option<bool>("--json") { Description = "Print the rows as a JSON array" };
        var command = new Command("list", "Show the dead letters: document, chunk, error, attempts, first and last seen") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var runtime = await CliRuntime.StartAsync(cancellationToken);
            var rows = await runtime.Get<DeadLetterStore>().ListAsync(null, cancellationToken);
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(rows);
                return 0;
            }
            if (rows.Count == 0)
            {
                Console.WriteLine("no dead letters");
            }
            foreach (var row in rows)
            {
                Console.WriteLine($"{row.Id}  {row.Source} {row.Document} #{row.Chunk}  {row.Attempts} attempt(s), first {row.FirstSeen:u}, last {row.LastSeen:u} (run {row.RunId}, job {row.Job})");
                Console.WriteLine($"    {row.Error}");
            }
            return 0;
        });
        return command;
    }

    private static Command Replay()
    {
        var id = new Option<long?>("--id") { Description = "Replay the document of this dead letter" };
        var all = new Option<bool>("--all") { Description = "Replay every document with dead letters" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per replayed document, as an array" };
        var command = new Command("replay", "Re-ingest the documents with dead letters; rows whose chunks now embed leave the table") { id, all, json };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(id) is null) == !result.GetValue(all))
            {
                result.AddError("give exactly one of --id ID or --all");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var runtime = await CliRuntime.StartAsync(cancellationToken);
            var replayed = await runtime.Get<DeadLetterReplay>().ReplayAsync(parse.GetValue(id), cancellationToken);
            if (parse.GetValue(json))
            {
                CliOutput.WriteJson(replayed);
                return 0;
            }
            if (replayed.Count == 0)
            {
                Console.WriteLine("nothing to replay");
            }
            foreach (var document in replayed)
            {
                Console.WriteLine($"{document.Outcome}: {document.Source} {document.Document} ({document.Remaining} left)"
                    + (document.Message is null ? "" : $": {document.Message}"));
            }
            // Non-zero while chunks still fail, so a script (or an operator) sees that the replay did not clear them.
            return replayed.Any(d => d.Outcome is "still-failing" or "failed") ? 3 : 0;
        });
        return command;
    }
}
