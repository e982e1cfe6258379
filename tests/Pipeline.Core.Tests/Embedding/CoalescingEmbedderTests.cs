using Pipeline.Core.Chunking;
using Pipeline.Core.Embedding;
using Pipeline.Core.Hashing;
using Pipeline.Core.Sources;
using Pipeline.Core.Stages;
using Pipeline.Core.Tests.Chunking;

namespace Pipeline.Core.Tests.Embedding;

public sealed class CoalescingEmbedderTests
{
    private static readonly string[] First = ["Install the packages before configuring the service."];
    private static readonly string[] DocumentA = ["The nightly job re-reads every changed document.", "Vectors are stored next to the chunk text."];
    private static readonly string[] DocumentB = ["Each chunk is sized in the model's own tokens.", "Deleted documents are removed with their chunks.", "Reading order follows the columns."];

    [Fact]
    public async Task Requests_waiting_while_the_model_runs_share_its_next_call_and_each_gets_its_own_vectors()
    {
        var model = new GatedEmbedder(ModelTokenizer.Value);
        var coalescing = new CoalescingEmbedder(model, maxInputsPerCall: 128);

        var first = coalescing.EmbedAsync(First, CancellationToken.None);
        await model.FirstCallStarted;
        var a = coalescing.EmbedAsync(DocumentA, CancellationToken.None);
        var b = coalescing.EmbedAsync(DocumentB, CancellationToken.None);
        model.Open();
        var results = await Task.WhenAll(first, a, b);

        Assert.Equal(2, model.Calls.Count);
        Assert.Equal([.. DocumentA, .. DocumentB], model.Calls[1]);
        await AssertSameAsDirect(DocumentA, results[1]);
        await AssertSameAsDirect(DocumentB, results[2]);
        Assert.Equal(ModelTokenizer.Value.CountTokens(DocumentA[0]) + ModelTokenizer.Value.CountTokens(DocumentA[1]) + 4, results[1].Tokens);
        // The call's batches and padding are counted once, with its first request.
        Assert.True(results[1].Batches >= 1);
        Assert.Equal(0, results[2].Batches);
    }

    [Fact]
    public async Task An_identical_text_is_embedded_once_in_a_run_and_shared()
    {
        var model = new GatedEmbedder(ModelTokenizer.Value);
        var coalescing = new CoalescingEmbedder(model, maxInputsPerCall: 128);
        string[] twin = [DocumentA[0], DocumentB[0], DocumentA[0]];

        var first = coalescing.EmbedAsync(First, CancellationToken.None);
        await model.FirstCallStarted;
        var a = coalescing.EmbedAsync(DocumentA, CancellationToken.None);
        var b = coalescing.EmbedAsync(twin, CancellationToken.None);
        model.Open();
        await first;
        var (resultA, resultB) = (await a, await b);
        // A later call: a text embedded earlier in the run is not sent again.
        var later = await coalescing.EmbedAsync([First[0], DocumentB[1]], CancellationToken.None);

        Assert.Equal([DocumentA[0], DocumentA[1], DocumentB[0]], model.Calls[1]);
        Assert.Equal([DocumentB[1]], model.Calls[2]);
        Assert.Equal((0, 2), (resultA.Shared, resultB.Shared));
        Assert.Equal(ModelTokenizer.Value.CountTokens(DocumentB[0]) + 2, resultB.Tokens);
        Assert.Same(resultA.Vectors[0], resultB.Vectors[0]);
        Assert.Same(resultA.Vectors[0], resultB.Vectors[2]);
        Assert.Equal(1, later.Shared);
        await AssertSameAsDirect(twin, resultB);
        await AssertSameAsDirect([First[0], DocumentB[1]], later);
    }

    [Fact]
    public async Task A_call_holds_whole_requests_up_to_its_limit()
    {
        var model = new GatedEmbedder(ModelTokenizer.Value);
        var coalescing = new CoalescingEmbedder(model, maxInputsPerCall: 4);

        var first = coalescing.EmbedAsync(First, CancellationToken.None);
        await model.FirstCallStarted;
        var a = coalescing.EmbedAsync(DocumentA, CancellationToken.None);
        var b = coalescing.EmbedAsync(DocumentB, CancellationToken.None);
        model.Open();
        await Task.WhenAll(first, a, b);

        Assert.Equal([1, 2, 3], model.Calls.Select(c => c.Count));
    }

    [Fact]
    public async Task A_poison_chunk_fails_only_its_own_document_and_the_other_documents_chunks_all_get_vectors()
    {
        var model = new GatedEmbedder(ModelTokenizer.Value, poisonMarker: "POISON");
        var coalescing = new CoalescingEmbedder(model, maxInputsPerCall: 128);
        var retries = new EmbeddingRetryOptions { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };
        var sink = new RecordingDeadLetterSink();
        var stage = new EmbedStage(coalescing, retries, sink);
        var poisoned = Context("a.pdf", [DocumentA[0], "This paragraph carries the POISON marker.", DocumentA[1]]);
        var healthy = Context("b.pdf", DocumentB);

        var first = coalescing.EmbedAsync(First, CancellationToken.None);
        await model.FirstCallStarted;
        var stages = Task.WhenAll(stage.InvokeAsync(poisoned, CancellationToken.None), stage.InvokeAsync(healthy, CancellationToken.None));
        // Both documents' requests wait behind the held call, so its next call combines them.
        await WaitUntil(() => coalescing.WaitingRequests == 2);
        model.Open();
        await first;
        await stages;

        Assert.Contains(model.Calls, c => c.Contains(DocumentB[0]) && c.Any(t => t.Contains("POISON")));
        Assert.Equal(DocumentB.Length, healthy.Chunks.Count);
        Assert.All(healthy.Vectors, v => Assert.NotNull(v));
        var dead = Assert.Single(sink.Recorded);
        Assert.Contains("POISON", dead.Chunk.Text);
        Assert.Equal([DocumentA[0], DocumentA[1]], poisoned.Chunks.Select(c => c.Text));
        Assert.Equal(DocumentB.Length + 2, healthy.Counters.EmbeddingsComputed + poisoned.Counters.EmbeddingsComputed);
    }

    [Fact]
    public async Task A_cancelled_request_leaves_the_others_in_its_call_running_and_all_cancelled_stops_the_call()
    {
        var model = new GatedEmbedder(ModelTokenizer.Value);
        var coalescing = new CoalescingEmbedder(model, maxInputsPerCall: 128);
        using var cancelA = new CancellationTokenSource();
        using var cancelB = new CancellationTokenSource();

        var first = coalescing.EmbedAsync(First, cancelB.Token);
        await model.FirstCallStarted;
        var a = coalescing.EmbedAsync(DocumentA, cancelA.Token);
        var b = coalescing.EmbedAsync(DocumentB, CancellationToken.None);
        await cancelA.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => a);
        model.Open();
        var resultB = await b;
        await first;

        await AssertSameAsDirect(DocumentB, resultB);
        Assert.DoesNotContain(model.Calls, c => c.Contains(DocumentA[0]));

        var held = new GatedEmbedder(ModelTokenizer.Value);
        var only = new CoalescingEmbedder(held, maxInputsPerCall: 128);
        using var cancelAll = new CancellationTokenSource();
        var alone = only.EmbedAsync(DocumentA, cancelAll.Token);
        await held.FirstCallStarted;
        await cancelAll.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => alone);
        // The call inside the model saw its token cancelled (GatedEmbedder waits on it), so nothing is left running.
        held.Open();
        var afterwards = await only.EmbedAsync(DocumentB, CancellationToken.None);
        await AssertSameAsDirect(DocumentB, afterwards);
    }

    [Fact]
    public async Task A_cancelled_request_inside_a_running_call_completes_only_when_the_call_has_returned()
    {
        // Its caller must not go on (and dispose the model, as a host shutting down does) while the model still runs.
        var model = new GatedEmbedder(ModelTokenizer.Value, finishesAfterCancel: true);
        var coalescing = new CoalescingEmbedder(model, maxInputsPerCall: 128);
        using var cancel = new CancellationTokenSource();

        var request = coalescing.EmbedAsync(DocumentA, cancel.Token);
        await model.FirstCallStarted;
        await cancel.CancelAsync();
        await Task.Delay(200);

        Assert.False(request.IsCompleted);
        model.Open();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
    }

    private static async Task AssertSameAsDirect(IReadOnlyList<string> texts, EmbeddingResult result)
    {
        var direct = await ModelTokenizer.Value.EmbedAsync(texts, CancellationToken.None);
        Assert.Equal(texts.Count, result.Vectors.Count);
        for (var i = 0; i < texts.Count; i++)
        {
            // Batch mates change padding only, which the attention mask hides: the same vector up to float noise.
            var dot = direct.Vectors[i].Zip(result.Vectors[i], (x, y) => (double)x * y).Sum();
            Assert.True(dot > 0.9999, $"text {i}: cosine {dot}");
        }
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private static DocumentContext Context(string file, IReadOnlyList<string> texts)
    {
        var chunks = texts.Select((t, i) => new Chunk(i, t, t, ModelTokenizer.Value.CountTokens(t), ContentHash.Of(t), [], 1, 1)).ToList();
        return new DocumentContext(1, new NamedSource("test:folder"), new DocumentReference(file, "v1", null), null, new RunCounters())
        {
            Chunks = chunks,
            Vectors = new float[]?[chunks.Count],
        };
    }
}
