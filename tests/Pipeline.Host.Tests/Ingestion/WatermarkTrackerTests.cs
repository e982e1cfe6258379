using Pipeline.Core.Runs;
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

    [Fact]
    public void A_document_held_for_another_read_stops_the_watermark_and_later_documents_do_not_pass_it()
    {
        var tracker = new WatermarkTracker();
        var broken = tracker.Start(T0.AddMinutes(1));
        var slow = tracker.Start(T0.AddMinutes(2));
        var next = tracker.Start(T0.AddMinutes(3));

        Assert.Equal(T0.AddMinutes(1), tracker.Complete(broken));
        Assert.Null(tracker.Complete(slow, hold: true));
        Assert.Null(tracker.Complete(next));
    }

    [Fact]
    public void The_earliest_held_document_is_remembered_for_the_watermark_a_full_sync_sets()
    {
        var tracker = new WatermarkTracker();
        var done = tracker.Start(T0);
        var late = tracker.Start(T0.AddMinutes(9));
        var early = tracker.Start(T0.AddMinutes(4));
        Assert.False(tracker.Holds);

        tracker.Complete(done);
        tracker.Complete(late, hold: true);
        tracker.Complete(early, hold: true);

        Assert.True(tracker.Holds);
        Assert.Equal(T0.AddMinutes(4), tracker.HeldAt);
        var untimed = tracker.Start(null);
        tracker.Complete(untimed, hold: true);
        Assert.True(tracker.Holds);
        Assert.Null(tracker.HeldAt);
    }

    [Fact]
    public void Only_failures_that_say_nothing_about_the_document_may_pass_on_their_own()
    {
        Assert.All(["timeout", "throttled", "unavailable", "unreachable"], r => Assert.True(DocumentFailure.MayPassOnItsOwn(r), r));
        Assert.All(["malformed", "not-json", "too-large", "status", "encrypted", "corrupt"], r => Assert.False(DocumentFailure.MayPassOnItsOwn(r), r));
    }
}
