namespace Pipeline.Core.Chunking;

/// <summary>What is put before a chunk's text in what the model embeds and the lexical index reads.</summary>
public enum ChunkPrefix
{
    /// <summary>The chunk's text alone.</summary>
    None,

    /// <summary>"A › B › C": the headings above the chunk.</summary>
    Headings,

    /// <summary>"Document title › A › B › C": a short chunk keeps the document it belongs to as well as its section.</summary>
    TitleHeadings,
}

public static class ChunkPrefixNames
{
    /// <summary>The job file's spelling: none, headings, title-headings.</summary>
    public static string Name(this ChunkPrefix prefix) => prefix switch
    {
        ChunkPrefix.None => "none",
        ChunkPrefix.Headings => "headings",
        _ => "title-headings",
    };

    public static ChunkPrefix Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "none" => ChunkPrefix.None,
        "headings" => ChunkPrefix.Headings,
        "title-headings" => ChunkPrefix.TitleHeadings,
        _ => throw new ArgumentException($"chunking.prefix '{name}' is not one of none, headings, title-headings", nameof(name)),
    };
}
