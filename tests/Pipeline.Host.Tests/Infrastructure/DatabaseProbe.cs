using Npgsql;

namespace Pipeline.Host.Tests.Infrastructure;

/// <summary>Reads a test database directly: one value, or a count waited for while the service works in the background.</summary>
public static class DatabaseProbe
{
    public static async Task<T> ScalarAsync<T>(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Polls <paramref name="countSql"/> until it reaches <paramref name="expected"/> (at most 60 s), then asserts it.</summary>
    public static async Task WaitForAsync(NpgsqlDataSource database, string countSql, long expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && await ScalarAsync<long>(database, countSql) < expected)
        {
            await Task.Delay(200);
        }
        Assert.Equal(expected, await ScalarAsync<long>(database, countSql));
    }
}
