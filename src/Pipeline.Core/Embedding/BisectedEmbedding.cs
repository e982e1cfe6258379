namespace Pipeline.Core.Embedding;

/// <summary>What <see cref="BisectingEmbedder"/> got for a batch: a vector or a failure per input, in input order.</summary>
public sealed class BisectedEmbedding
{
    private readonly float[]?[] _vectors;
    private readonly int[] _calls;
    private readonly List<InputFailure> _failures = [];

    public BisectedEmbedding(int count)
    {
        _vectors = new float[]?[count];
        _calls = new int[count];
    }

    /// <summary>Null where the input failed alone.</summary>
    public IReadOnlyList<float[]?> Vectors => _vectors;

    /// <summary>Model calls that included each input, failed ones and retries counted.</summary>
    public IReadOnlyList<int> Calls => _calls;

    public IReadOnlyList<InputFailure> Failures => _failures;

    public int Embedded { get; private set; }

    public long Tokens { get; private set; }

    public int Truncated { get; private set; }

    /// <summary>Vectors shared with an identical text embedded for another request (<see cref="EmbeddingResult.Shared"/>).</summary>
    public int Shared { get; private set; }

    /// <summary>Padding tokens of the model batches (<see cref="EmbeddingResult.Padding"/>).</summary>
    public long Padding { get; private set; }

    public int Batches { get; private set; }

    internal void AddCalls(int start, int count, int calls)
    {
        for (var i = start; i < start + count; i++)
        {
            _calls[i] += calls;
        }
    }

    internal void Succeed(int start, EmbeddingResult result)
    {
        for (var k = 0; k < result.Vectors.Count; k++)
        {
            _vectors[start + k] = result.Vectors[k];
        }
        Embedded += result.Vectors.Count;
        Tokens += result.Tokens;
        Truncated += result.Truncated;
        Shared += result.Shared;
        Padding += result.Padding;
        Batches += result.Batches;
    }

    internal void Fail(int index, Exception exception) => _failures.Add(new InputFailure(index, exception));
}
