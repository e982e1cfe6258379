using Pipeline.Host.Ingestion;

namespace Pipeline.Host.Tests.Ingestion;

public sealed class WatermarkTrackerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_watermark_never_passes_a_document_still_in_flight()
    {
        var tracker = new WatermarkTracker();
        var first = tracker.Start(T0);
        var second = tracker.Start(T0.AddMinutes(1));
        var third = tracker.Start(T0.AddMinutes(2));

        Assert.Null(tracker.Complete(third));
        Assert.Null(tracker.Complete(second));
        Assert.Equal(T0.AddMinutes(2), tracker.Complete(first));
    }

    [Fact]
    public void Completing_in_order_moves_the_watermark_each_time()
    {
        var tracker = new WatermarkTracker();
        var first = tracker.Start(T0);
        var second = tracker.Start(T0.AddMinutes(5));

        Assert.Equal(T0, tracker.Complete(first));
        Assert.Equal(T0.AddMinutes(5), tracker.Complete(second));
    }
}
