namespace Pipeline.Storage.Retrieval;

/// <summary>The names of <see cref="RetrievalMode"/> on the command line, in settings and in JSON: lower case.</summary>
public static class RetrievalModeNames
{
    public const string Valid = "hybrid, dense or lexical";

    public static string Name(this RetrievalMode mode) => mode switch
    {
        RetrievalMode.Hybrid => "hybrid",
        RetrievalMode.Dense => "dense",
        _ => "lexical",
    };

    public static bool TryParse(string? text, out RetrievalMode mode)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "hybrid":
                mode = RetrievalMode.Hybrid;
                return true;
            case "dense":
                mode = RetrievalMode.Dense;
                return true;
            case "lexical":
                mode = RetrievalMode.Lexical;
                return true;
            default:
                mode = default;
                return false;
        }
    }
}
