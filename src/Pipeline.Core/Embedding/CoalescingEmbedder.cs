namespace Pipeline.Core.Embedding;

/// <summary>
/// Lets the documents in flight in one run share model calls. Each document's request waits in a queue; one call at a
/// time takes every request waiting (up to <see cref="MaxInputsPerCall"/> texts) and hands the model their texts
/// together, which the embedder groups into length-bucketed batches. So small documents no longer run in near-empty
/// batches, and the model is never held back for a document still being extracted: a call starts as soon as the
/// previous one ends and anything waits.
/// </summary>
/// <remarks>
/// Identical texts are embedded once: within a call, and across calls through the vectors of the last
/// <c>recentCapacity</c> distinct texts (the index hands out older ones once they are stored). A shared call that
/// fails is run again per request, each with its own texts exactly as it asked, so one document's poison chunk never
/// fails another's chunks, and each document's retries and bisection (<see cref="BisectingEmbedder"/>) see what they
/// would see alone. A call is cancelled only when every request in it is.
/// </remarks>
public sealed class CoalescingEmbedder : IEmbedder
{
    private readonly IEmbedder _inner;
    private readonly object _gate = new();
    private readonly Queue<Request> _waiting = new();
    // Only the drain loop touches it, and only one drain loop runs at a time.
    private readonly RecentVectors _recent;
    private bool _draining;

    /// <param name="maxInputsPerCall">Texts per model call at most (a single larger request still goes whole).</param>
    /// <param name="recentCapacity">Distinct texts whose vectors are kept for later requests of the same run.</param>
    public CoalescingEmbedder(IEmbedder inner, int maxInputsPerCall, int recentCapacity = 4096)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInputsPerCall, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(recentCapacity);
        _inner = inner;
        MaxInputsPerCall = maxInputsPerCall;
        _recent = new RecentVectors(recentCapacity);
    }

    public EmbeddingModelInfo Model => _inner.Model;

    public int MaxInputsPerCall { get; }

    /// <summary>Requests queued for the next call.</summary>
    public int WaitingRequests
    {
        get
        {
            lock (_gate)
            {
                return _waiting.Count(r => !r.IsCompleted);
            }
        }
    }

    public Task<EmbeddingResult> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
        {
            return Task.FromResult(new EmbeddingResult([], 0, 0));
        }
        for (var i = 0; i < texts.Count; i++)
        {
            _ = texts[i] ?? throw new ArgumentException($"Text {i} is null; pass an empty string to embed nothing.", nameof(texts));
        }
        cancellationToken.ThrowIfCancellationRequested();
        var request = new Request(texts, cancellationToken, _gate);
        bool start;
        lock (_gate)
        {
            _waiting.Enqueue(request);
            start = !_draining;
            _draining = true;
        }
        if (start)
        {
            // Off the caller's thread: the caller is a document's stage, which must get back to awaiting its result.
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }
        return request.Task;
    }

    /// <summary>Runs calls until nothing waits; exactly one drain runs at a time.</summary>
    private async Task DrainAsync()
    {
        while (true)
        {
            List<Request> taken;
            lock (_gate)
            {
                taken = Take();
                if (taken.Count == 0)
                {
                    _draining = false;
                    return;
                }
            }
            try
            {
                await RunAsync(taken);
            }
            catch (Exception e)
            {
                // Never leave a request hanging, whatever went wrong in between.
                taken.ForEach(r => r.Fail(e));
            }
        }
    }

    /// <summary>Waiting requests in arrival order, up to the per-call limit; at least one. Called under the gate.</summary>
    private List<Request> Take()
    {
        var taken = new List<Request>();
        var texts = 0;
        while (_waiting.TryPeek(out var next))
        {
            if (next.IsCompleted)
            {
                _waiting.Dequeue();
                continue;
            }
            if (taken.Count > 0 && texts + next.Texts.Count > MaxInputsPerCall)
            {
                break;
            }
            var request = _waiting.Dequeue();
            request.MarkTaken();
            taken.Add(request);
            texts += next.Texts.Count;
        }
        return taken;
    }

    private async Task RunAsync(List<Request> taken)
    {
        // The distinct texts no earlier call of this run embedded, each owned by the first request that asked for it.
        var distinct = new List<string>();
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        var owner = new List<int>();
        var known = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (var r = 0; r < taken.Count; r++)
        {
            foreach (var text in taken[r].Texts)
            {
                if (position.ContainsKey(text) || known.ContainsKey(text))
                {
                    continue;
                }
                if (_recent.TryGet(text, out var vector))
                {
                    known[text] = vector;
                    continue;
                }
                position[text] = distinct.Count;
                distinct.Add(text);
                owner.Add(r);
            }
        }

        EmbeddingResult? combined = null;
        Exception? failure = null;
        if (distinct.Count > 0)
        {
            using var cancel = new CancellationTokenSource();
            var live = taken.Count;
            var registrations = taken.Select(r => r.Token.Register(() =>
            {
                if (Interlocked.Decrement(ref live) == 0)
                {
                    cancel.Cancel();
                }
            })).ToList();
            try
            {
                combined = await _inner.EmbedAsync(distinct, cancel.Token);
                if (combined.Vectors.Count != distinct.Count)
                {
                    // Each request, run alone below, then sees the breach exactly as the embedder makes it.
                    combined = null;
                    failure = new InvalidOperationException("the embedder returned a different number of vectors than inputs");
                }
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                taken.ForEach(r => r.Cancel());
                return;
            }
            catch (Exception e)
            {
                failure = e;
            }
            finally
            {
                registrations.ForEach(r => r.Dispose());
            }
        }

        if (failure is not null)
        {
            if (taken.Count == 1 && distinct.Count == taken[0].Texts.Count)
            {
                // The call was exactly this request's: its own failure, passed on unchanged.
                taken[0].Fail(failure);
                return;
            }
            await RunAloneAsync(taken);
            return;
        }

        var tokens = PerInput(distinct.Count, combined?.InputTokens, i => (int)(combined!.Tokens / distinct.Count));
        var truncated = PerInput(distinct.Count, combined?.InputTruncated, i => i < combined!.Truncated);
        for (var k = 0; k < distinct.Count; k++)
        {
            _recent.Add(distinct[k], combined!.Vectors[k]);
        }
        var claimed = new bool[distinct.Count];
        for (var r = 0; r < taken.Count; r++)
        {
            var request = taken[r];
            var vectors = new float[request.Texts.Count][];
            var ownTokens = new int[request.Texts.Count];
            var ownTruncated = new bool[request.Texts.Count];
            var shared = 0;
            for (var j = 0; j < request.Texts.Count; j++)
            {
                var text = request.Texts[j];
                if (position.TryGetValue(text, out var k))
                {
                    vectors[j] = combined!.Vectors[k];
                    if (owner[k] == r && !claimed[k])
                    {
                        claimed[k] = true;
                        ownTokens[j] = tokens[k];
                        ownTruncated[j] = truncated[k];
                        continue;
                    }
                }
                else
                {
                    vectors[j] = known[text];
                }
                shared++;
            }
            // The call's padding and batch count go to its first request, so the run's totals add up.
            request.Succeed(new EmbeddingResult(vectors, ownTruncated.Count(t => t), ownTokens.Sum(t => (long)t))
            {
                InputTokens = ownTokens,
                InputTruncated = ownTruncated,
                Shared = shared,
                Padding = r == 0 ? combined?.Padding ?? 0 : 0,
                Batches = r == 0 ? combined?.Batches ?? 0 : 0,
            });
        }
    }

    /// <summary>After a shared call failed: each request alone, with exactly its own texts, its outcome its own.</summary>
    private async Task RunAloneAsync(List<Request> taken)
    {
        foreach (var request in taken.Where(r => !r.IsCompleted))
        {
            try
            {
                var result = await _inner.EmbedAsync(request.Texts, request.Token);
                if (result.Vectors.Count == request.Texts.Count)
                {
                    for (var j = 0; j < request.Texts.Count; j++)
                    {
                        _recent.Add(request.Texts[j], result.Vectors[j]);
                    }
                }
                request.Succeed(result);
            }
            catch (OperationCanceledException) when (request.Token.IsCancellationRequested)
            {
                request.Cancel();
            }
            catch (Exception e)
            {
                request.Fail(e);
            }
        }
    }

    /// <summary>A per-input figure the embedder reported, or one derived from its totals when it did not.</summary>
    private static T[] PerInput<T>(int count, IReadOnlyList<T>? reported, Func<int, T> derived) =>
        reported is { } r && r.Count == count ? r.ToArray() : Enumerable.Range(0, count).Select(derived).ToArray();

    /// <summary>
    /// One caller's texts. Cancelled at once while it waits in the queue; once a call has taken it, it completes only
    /// when that call has returned, so no caller goes on (and, say, disposes the model) while the model still runs for it.
    /// </summary>
    private sealed class Request
    {
        private readonly TaskCompletionSource<EmbeddingResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenRegistration _registration;
        private readonly object _gate;
        private bool _taken;

        public Request(IReadOnlyList<string> texts, CancellationToken token, object gate)
        {
            Texts = texts;
            Token = token;
            _gate = gate;
            _registration = token.Register(CancelIfWaiting);
        }

        /// <summary>Called under the embedder's gate when a call takes this request.</summary>
        public void MarkTaken() => _taken = true;

        private void CancelIfWaiting()
        {
            lock (_gate)
            {
                if (_taken)
                {
                    return;
                }
            }
            Cancel();
        }

        public IReadOnlyList<string> Texts { get; }

        public CancellationToken Token { get; }

        public Task<EmbeddingResult> Task => _completion.Task;

        public bool IsCompleted => _completion.Task.IsCompleted;

        public void Succeed(EmbeddingResult result)
        {
            _completion.TrySetResult(result);
            _registration.Dispose();
        }

        public void Fail(Exception exception)
        {
            _completion.TrySetException(exception);
            _registration.Dispose();
        }

        public void Cancel()
        {
            _completion.TrySetCanceled(Token);
            _registration.Dispose();
        }
    }
}
