namespace Pipeline.Host.Tests.Alerts;

/// <summary>A clock the test moves by hand: cool-downs pass in microseconds.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; private set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
