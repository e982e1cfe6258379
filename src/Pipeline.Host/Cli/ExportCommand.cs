using System.CommandLine;
using System.Diagnostics;
using Pipeline.Storage.Index;

namespace Pipeline.Host.Cli;

/// <summary>
/// <c>export --jsonl [--vectors] [--output FILE]</c>: every chunk, one JSON object per line, in a stable order, to back
/// up, audit or move an index. Streams end to end; the same index always exports to the same bytes.
/// </summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var jsonl = new Option<bool>("--jsonl") { Description = "JSON Lines: one object per chunk (the only format so far; required so a later one can be added)" };
        var vectors = new Option<bool>("--vectors") { Description = "Include each chunk's vector (\"vector\": array of floats)" };
        var output = new Option<FileInfo?>("--output") { Description = "Write to FILE (replaced only when the export completes) instead of stdout" };
        var command = new Command("export", "Stream every chunk (source, document, ordinal order) as JSON Lines") { jsonl, vectors, output };
        command.Validators.Add(result =>
        {
            if (!result.GetValue(jsonl))
            {
                result.AddError("say which format: --jsonl");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var runtime = await CliRuntime.StartAsync(cancellationToken);
            var chunks = runtime.Get<ChunkExport>().ReadAsync(parse.GetValue(vectors), cancellationToken);
            var clock = Stopwatch.StartNew();
            if (parse.GetValue(output) is not { } file)
            {
                await using var stdout = Console.OpenStandardOutput();
                var written = await ChunkJsonLines.WriteAsync(chunks, stdout, cancellationToken);
                await Console.Error.WriteLineAsync($"exported {written} chunks in {clock.Elapsed.TotalSeconds:0.0} s");
                return 0;
            }
            // A half-written backup must never look like a complete one: write beside the target, then rename.
            var partial = file.FullName + ".partial";
            try
            {
                long written;
                await using (var stream = CreateOwnerOnly(partial))
                {
                    written = await ChunkJsonLines.WriteAsync(chunks, stream, cancellationToken);
                }
                File.Move(partial, file.FullName, overwrite: true);
                await Console.Error.WriteLineAsync($"exported {written} chunks to {file.FullName} in {clock.Elapsed.TotalSeconds:0.0} s");
                return 0;
            }
            catch
            {
                File.Delete(partial);
                throw;
            }
        });
        return command;
    }

    /// <summary>
    /// A new file only its owner can read: an export holds every chunk's text. The mode is set as the file is
    /// created, never widened by the umask first; a stale partial file of an earlier run is replaced, not reused.
    /// </summary>
    private static FileStream CreateOwnerOnly(string path)
    {
        File.Delete(path);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 1 << 16,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        return new FileStream(path, options);
    }
}
