namespace Pipeline.Storage.Embedded;

/// <summary>Last lines of command output or of the server log, for exception messages that stay readable.</summary>
internal static class Tail
{
    private const int MaxLines = 20;

    public static string Of(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no output)" : string.Join(Environment.NewLine, lines.TakeLast(MaxLines));
    }

    /// <summary>The server may still be appending, hence the shared read.</summary>
    public static string OfFile(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            const int window = 8192;
            if (stream.Length > window)
                stream.Seek(-window, SeekOrigin.End);
            using var reader = new StreamReader(stream);
            return Of(reader.ReadToEnd());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"(could not read {path}: {ex.Message})";
        }
    }
}
