using Pipeline.Core.Chunking;
using Pipeline.Core.Embedding;
using Pipeline.Core.Hashing;
using Pipeline.Core.Sources;
using Pipeline.Core.Stages;
using Pipeline.Core.Tests.Chunking;

namespace Pipeline.Core.Tests.Embedding;

public sealed class EmbedStageResilienceTests
{
    private const string Marker = "POISON";

    private static readonly EmbeddingRetryOptions FastRetries = new()
    {
        MaxRetries = 2,
        BaseDelay = TimeSpan.FromMilliseconds(1),
        MaxDelay = TimeSpan.FromMilliseconds(20),
    };

    private static readonly string[] Texts =
    [
        "Install the packages before configuring the service.",
        "The nightly job re-reads every changed document.",
        "Vectors are stored next to the chunk text in PostgreSQL.",
        "Each chunk is sized in the model's own tokens.",
        $"This paragraph carries the {Marker} marker the model chokes on.",
        "Deleted documents are removed with their chunks.",
    ];

    [Fact]
    public async Task A_failing_batch_is_retried_then_bisected_and_only_the_poison_chunk_is_dead_lettered()
    {
        var poison = new PoisonTextEmbedder(ModelTokenizer.Value, Marker);
        var sink = new RecordingDeadLetterSink();
        var context = Context(Texts);

        var outcome = await new EmbedStage(poison, FastRetries, sink).InvokeAsync(context, CancellationToken.None);

        Assert.Equal(StageStatus.Continue, outcome.Status);
        // Whole batch: 1 + 2 retries, all failing. Halves once each: [0-2] ok, [3-5] fails; then [3] ok, [4-5] fails;
        // then [4] alone with its retries (3 failing calls) and [5] ok.
        Assert.Equal(3 + 1 + 1 + 1 + 1 + 3 + 1, poison.Calls);
        Assert.Equal(3 + 1 + 1 + 3, poison.FailedCalls);
        var dead = Assert.Single(sink.Recorded);
        Assert.Equal(4, dead.Chunk.Ordinal);
        Assert.Equal(8, dead.Calls);
        Assert.StartsWith("InvalidOperationException: poison input", dead.Error);

        Assert.Equal([0, 1, 2, 3, 5], context.Chunks.Select(c => c.Ordinal));
        Assert.Equal(5, context.Vectors.Length);
        Assert.Equal(5, context.Counters.EmbeddingsComputed);
        var direct = await ModelTokenizer.Value.EmbedAsync(context.Chunks.Select(c => c.EmbeddingText).ToList(), CancellationToken.None);
        for (var i = 0; i < context.Chunks.Count; i++)
        {
            // Really embedded by the model: the same vector as a direct call, up to batch padding noise.
            Assert.True(Dot(direct.Vectors[i], context.Vectors[i]!) > 0.9999, $"chunk {context.Chunks[i].Ordinal}");
        }
    }

    [Fact]
    public async Task Chunks_with_vectors_already_are_not_sent_and_a_healthy_batch_takes_one_call()
    {
        var poison = new PoisonTextEmbedder(ModelTokenizer.Value, Marker);
        var context = Context(Texts);
        context.Vectors[4] = new float[ModelTokenizer.Value.Model.Dimensions];

        await new EmbedStage(poison, FastRetries, new RecordingDeadLetterSink()).InvokeAsync(context, CancellationToken.None);

        Assert.Equal((1, 0), (poison.Calls, poison.FailedCalls));
        Assert.Equal(6, context.Chunks.Count);
        Assert.All(context.Vectors, v => Assert.NotNull(v));
    }

    [Fact]
    public async Task A_model_that_fails_every_chunk_fails_the_run_instead_of_dead_lettering_the_document()
    {
        var broken = new PoisonTextEmbedder(ModelTokenizer.Value, marker: "");
        var sink = new RecordingDeadLetterSink();
        var context = Context(Texts);

        var error = await Assert.ThrowsAsync<EmbeddingFailedException>(() => new EmbedStage(broken, FastRetries, sink).InvokeAsync(context, CancellationToken.None));

        Assert.Contains("test:folder/doc.pdf", error.Message);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Empty(sink.Recorded);
        Assert.Equal(6, context.Chunks.Count);
    }

    [Fact]
    public async Task More_poison_chunks_than_the_limit_fail_the_run_before_isolating_them_all()
    {
        var broken = new PoisonTextEmbedder(ModelTokenizer.Value, marker: "");
        var limited = FastRetries with { MaxPoisonChunksPerDocument = 1 };

        await Assert.ThrowsAsync<EmbeddingFailedException>(() =>
            new EmbedStage(broken, limited, new RecordingDeadLetterSink()).InvokeAsync(Context(Texts), CancellationToken.None));

        // Whole batch (3), then [0-2] (1), [0] alone (3), [1-2] (1), [1] alone (3): the second failure crosses the limit.
        Assert.Equal(11, broken.Calls);
    }

    [Fact]
    public async Task Cancellation_is_not_retried()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var poison = new PoisonTextEmbedder(ModelTokenizer.Value, Marker);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new EmbedStage(poison, FastRetries, new RecordingDeadLetterSink()).InvokeAsync(Context(Texts), cancelled.Token));

        Assert.True(poison.Calls <= 1);
    }

    [Fact]
    public void Options_whose_worst_case_back_off_reaches_the_job_timeout_are_rejected_at_start_up()
    {
        var tooSlow = new EmbeddingRetryOptions { MaxRetries = 10, MaxDelay = TimeSpan.FromSeconds(30), JobTimeout = TimeSpan.FromMinutes(10) };

        var error = Assert.Throws<ArgumentException>(() => tooSlow.Validate());

        Assert.Contains("job timeout", error.Message);
        Assert.Same(FastRetries, FastRetries.Validate());
        new EmbeddingRetryOptions().Validate();
        Assert.Throws<ArgumentOutOfRangeException>(() => (FastRetries with { BaseDelay = TimeSpan.Zero }).Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => (FastRetries with { MaxRetries = -1 }).Validate());
    }

    private static DocumentContext Context(IReadOnlyList<string> texts)
    {
        var chunks = texts.Select((t, i) => new Chunk(i, t, t, ModelTokenizer.Value.CountTokens(t), ContentHash.Of(t), [], 1, 1)).ToList();
        return new DocumentContext(1, new NamedSource("test:folder"), new DocumentReference("doc.pdf", "v1", null), null, new RunCounters())
        {
            Chunks = chunks,
            Vectors = new float[]?[chunks.Count],
        };
    }

    private static double Dot(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum();
}
