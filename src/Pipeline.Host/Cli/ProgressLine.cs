using Pipeline.Host.Ingestion;

namespace Pipeline.Host.Cli;

/// <summary>
/// One status line on stderr that rewrites itself on a terminal; when stderr is a file or pipe it prints
/// a line every few seconds instead, so CI logs show progress without thousands of lines.
/// </summary>
public sealed class ProgressLine : IProgress<IngestionProgress>
{
    private readonly bool _interactive = !Console.IsErrorRedirected;
    private readonly TimeSpan _every;
    private TimeSpan? _last;
    private int _width;

    public ProgressLine() => _every = _interactive ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(5);

    public void Report(IngestionProgress value)
    {
        if (_last is { } last && value.Elapsed - last < _every)
        {
            return;
        }
        _last = value.Elapsed;
        var line = $"{value.Elapsed:hh\\:mm\\:ss} {value.Seen} seen, {value.Changed} new/changed, {value.Unchanged} unchanged, {value.Failed} failed, {value.EmbeddingsComputed} embeddings  {Shorten(value.CurrentDocument)}";
        if (_interactive)
        {
            Console.Error.Write("\r" + line.PadRight(_width));
            _width = line.Length;
        }
        else
        {
            Console.Error.WriteLine(line);
        }
    }

    public void Finish()
    {
        if (_interactive && _width > 0)
        {
            Console.Error.Write("\r" + new string(' ', _width) + "\r");
        }
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : "…" + text[^59..];
}
