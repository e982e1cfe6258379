namespace Pipeline.Core.Embedding;

/// <summary>
/// The vectors of the last <see cref="Capacity"/> distinct texts embedded, oldest dropped first. It bridges the gap
/// between a vector being computed and being stored, where the index cannot yet hand it to a document with the
/// same text; bounded, so a long run stays flat in memory. Not thread-safe: its owner serialises access.
/// </summary>
internal sealed class RecentVectors(int capacity)
{
    private readonly Dictionary<string, float[]> _vectors = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public int Capacity { get; } = capacity;

    public bool TryGet(string text, out float[] vector) => _vectors.TryGetValue(text, out vector!);

    public void Add(string text, float[] vector)
    {
        if (Capacity == 0 || !_vectors.TryAdd(text, vector))
        {
            return;
        }
        _order.Enqueue(text);
        if (_order.Count > Capacity)
        {
            _vectors.Remove(_order.Dequeue());
        }
    }
}
