using Npgsql;

namespace Pipeline.Host.Bench;

/// <summary>A throw-away database on the same server, so a benchmark embeds everything and leaves the real index alone.</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    // CREATE and DROP DATABASE wait for a checkpoint, which on a busy server takes longer than Npgsql's default 30 s.
    private const int CreateOrDropTimeoutSeconds = 300;

    private readonly string _adminConnectionString;
    private readonly string _name;

    private BenchDatabase(string adminConnectionString, string name, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        _name = name;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    /// <param name="suffix">Tells apart several databases of one bench process (letters, digits, underscores).</param>
    public static async Task<BenchDatabase> CreateAsync(string connectionString, CancellationToken cancellationToken, string? suffix = null)
    {
        var name = $"pipeline_bench_{Environment.ProcessId}" + (suffix is null ? "" : "_" + suffix);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection) { CommandTimeout = CreateOrDropTimeoutSeconds };
            await drop.ExecuteNonQueryAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection) { CommandTimeout = CreateOrDropTimeoutSeconds };
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        builder.Database = name;
        return new BenchDatabase(connectionString, name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection) { CommandTimeout = CreateOrDropTimeoutSeconds };
        await drop.ExecuteNonQueryAsync();
    }
}
