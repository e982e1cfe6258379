using Pipeline.Core.Embedding;

namespace Pipeline.Core.Tests.Embedding;

/// <summary>
/// The real model behind a gate: the first call waits until <see cref="Open"/>, so requests made meanwhile queue up
/// and a test can see what the next call combines. Records the texts of every call; texts with the marker throw.
/// </summary>
/// <param name="finishesAfterCancel">Keeps running after its token is cancelled until opened, as ONNX Runtime finishes the operator it is in.</param>
public sealed class GatedEmbedder(IEmbedder real, string? poisonMarker = null, bool finishesAfterCancel = false) : IEmbedder
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstCallStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<IReadOnlyList<string>> _calls = [];

    public EmbeddingModelInfo Model => real.Model;

    public IReadOnlyList<IReadOnlyList<string>> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    /// <summary>Completes once the first call is inside the model (and held there until <see cref="Open"/>).</summary>
    public Task FirstCallStarted => _firstCallStarted.Task;

    public void Open() => _gate.TrySetResult();

    public async Task<EmbeddingResult> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        lock (_calls)
        {
            _calls.Add([.. texts]);
        }
        _firstCallStarted.TrySetResult();
        await (finishesAfterCancel ? _gate.Task : _gate.Task.WaitAsync(cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        if (poisonMarker is not null && texts.Any(t => t.Contains(poisonMarker, StringComparison.Ordinal)))
        {
            throw new InvalidOperationException($"poison input ({texts.Count} texts in the call)");
        }
        return await real.EmbedAsync(texts, cancellationToken);
    }
}
