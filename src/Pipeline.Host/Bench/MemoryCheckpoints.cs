using Pipeline.Host.Ingestion;

namespace Pipeline.Host.Bench;

/// <summary>Resident and managed memory when 10%, 20%, … 100% of the documents are done.</summary>
public sealed record MemoryCheckpoint(int Percent, int Documents, long ResidentBytes, long ManagedBytes);

/// <summary>
/// Records a <see cref="MemoryCheckpoint"/> each time another tenth of the expected documents is done, so a
/// run shows whether memory stays flat as it goes; passes progress on to the progress line.
/// </summary>
/// <param name="taken">Told of each checkpoint as it is taken, so a long run shows its figures as it goes.</param>
public sealed class MemoryCheckpoints(int expectedDocuments, IProgress<IngestionProgress>? inner, Action<MemoryCheckpoint>? taken = null) : IProgress<IngestionProgress>
{
    private readonly Lock _lock = new();
    private readonly List<MemoryCheckpoint> _checkpoints = [];
    private int _nextTenth = 1;

    public IReadOnlyList<MemoryCheckpoint> Checkpoints
    {
        get
        {
            lock (_lock)
            {
                return _checkpoints.ToList();
            }
        }
    }

    public void Report(IngestionProgress value)
    {
        var done = value.Changed + value.Unchanged + value.Failed;
        lock (_lock)
        {
            while (_nextTenth <= 10 && (long)done * 10 >= (long)_nextTenth * expectedDocuments)
            {
                var checkpoint = new MemoryCheckpoint(_nextTenth * 10, done, ProcessMemory.Read().Resident, GC.GetTotalMemory(forceFullCollection: false));
                _checkpoints.Add(checkpoint);
                taken?.Invoke(checkpoint);
                _nextTenth++;
            }
        }
        inner?.Report(value);
    }
}
