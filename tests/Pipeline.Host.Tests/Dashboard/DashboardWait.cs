namespace Pipeline.Host.Tests.Dashboard;

public static class DashboardWait
{
    /// <summary>Polls until <paramref name="done"/> holds or the time is up; returns the last value either way.</summary>
    public static async Task<T> ForAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            value = await read();
        }
        return value;
    }
}
