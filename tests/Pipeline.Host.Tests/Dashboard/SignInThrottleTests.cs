using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Pipeline.Host.Dashboard;

namespace Pipeline.Host.Tests.Dashboard;

public sealed class SignInThrottleTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-04T12:00:00Z"));

    [Fact]
    public void A_client_at_the_limit_waits_for_the_rest_of_its_minute_and_others_do_not()
    {
        var throttle = new SignInThrottle(3, _time);
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(throttle.RetryAfter("192.0.2.7"));
            throttle.RecordFailure("192.0.2.7");
            _time.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(TimeSpan.FromSeconds(30), throttle.RetryAfter("192.0.2.7"));
        Assert.Null(throttle.RetryAfter("192.0.2.8"));
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Null(throttle.RetryAfter("192.0.2.7"));
    }

    [Fact]
    public void A_full_table_throttles_new_clients_together_instead_of_not_at_all()
    {
        var throttle = new SignInThrottle(2, _time);
        for (var i = 0; i < SignInThrottle.MaxClients; i++)
        {
            throttle.RecordFailure($"client-{i}");
        }
        throttle.RecordFailure("new-1");
        throttle.RecordFailure("new-2");

        Assert.NotNull(throttle.RetryAfter("new-3"));
        // Once their windows have ended, the old entries make room again.
        _time.Advance(SignInThrottle.Window);
        Assert.Null(throttle.RetryAfter("new-3"));
        throttle.RecordFailure("new-3");
        Assert.Null(throttle.RetryAfter("new-3"));
    }

    [Theory]
    [InlineData("203.0.113.7", null, "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", null, "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", null, "2001:db8:1:2::/64")]
    [InlineData("127.0.0.1", "198.51.100.1, 203.0.113.9", "203.0.113.9")]
    [InlineData("203.0.113.7", "198.51.100.1", "203.0.113.7")]
    public void Clients_are_keyed_by_address_through_a_local_proxy_and_by_64_for_ipv6(string peer, string? forwardedFor, string expected)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        if (forwardedFor is not null)
        {
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        }

        Assert.Equal(expected, SignInThrottle.ClientKey(context));
    }

    [Fact]
    public async Task Verifications_beyond_the_cap_wait_and_then_give_up()
    {
        var slots = new SignInSlots(1);
        Assert.True(await slots.EnterAsync(TimeSpan.Zero, CancellationToken.None));

        Assert.False(await slots.EnterAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None));
        slots.Leave();
        Assert.True(await slots.EnterAsync(TimeSpan.Zero, CancellationToken.None));
    }
}
