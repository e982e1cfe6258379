using Npgsql;
using Pipeline.Storage;

namespace Pipeline.Host.Tests.Faults;

/// <summary>
/// A reader on its own connection, polling through a whole run: every indexed document it sees must have exactly its
/// final chunks, ordinals 0..n-1. Connection failures (the database restarting) are counted and it reconnects.
/// </summary>
public sealed class ConsistencyReader(string connectionString, string source, IReadOnlyDictionary<string, int> expectedChunks) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _violations = [];
    private Task? _loop;
    private long _indexed;

    public int Polls { get; private set; }

    public int FailedPolls { get; private set; }

    /// <summary>Successful polls after the first failed one: the reader came back after the outage.</summary>
    public int PollsAfterOutage { get; private set; }

    /// <summary>Indexed documents at the last successful poll.</summary>
    public long Indexed => Interlocked.Read(ref _indexed);

    public IReadOnlyList<string> Violations => _violations;

    public void Start() => _loop = Task.Run(() => LoopAsync(_stop.Token));

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await (_loop ?? Task.CompletedTask);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task LoopAsync(CancellationToken stop)
    {
        await using var dataSource = PipelineDataSource.Create(connectionString);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await PollAsync(dataSource, stop);
                Polls++;
                PollsAfterOutage += FailedPolls > 0 ? 1 : 0;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or IOException)
            {
                FailedPolls++;
            }
            await Task.Delay(30, CancellationToken.None);
        }
    }

    private async Task PollAsync(NpgsqlDataSource dataSource, CancellationToken stop)
    {
        // One statement, one snapshot: what a retrieval query would see at that instant.
        await using var command = dataSource.CreateCommand(
            """
            SELECT d.external_id, count(c.id)::int, coalesce(max(c.ordinal), -1), count(DISTINCT c.ordinal)::int
            FROM pipeline.documents d LEFT JOIN pipeline.chunks c ON c.document_id = d.id
            WHERE d.source = @source AND d.status = 'indexed'
            GROUP BY d.external_id
            """);
        command.Parameters.AddWithValue("source", source);
        await using var reader = await command.ExecuteReaderAsync(stop);
        long indexed = 0;
        while (await reader.ReadAsync(stop))
        {
            indexed++;
            var (document, count, maxOrdinal, distinct) = (reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
            var expected = expectedChunks.GetValueOrDefault(document, -1);
            if (count != expected || maxOrdinal != count - 1 || distinct != count)
            {
                _violations.Add($"poll {Polls}: {document} indexed with {count} chunks (ordinals to {maxOrdinal}, {distinct} distinct), final has {expected}");
            }
        }
        Interlocked.Exchange(ref _indexed, indexed);
    }
}
