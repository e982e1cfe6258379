using Microsoft.Extensions.Configuration;
using Pipeline.Host.Dashboard;

namespace Pipeline.Host.Tests.Dashboard;

public sealed class DashboardAccessOptionsTests
{
    private static DashboardAccessOptions From(params (string Key, string Value)[] values) =>
        DashboardAccessOptions.From(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build());

    [Fact]
    public void A_hash_verifies_its_own_password_only_and_survives_a_round_trip_through_text()
    {
        var hash = DashboardPasswordHash.Create("correct horse", DashboardPasswordHash.MinimumIterations);
        var parsed = DashboardPasswordHash.Parse(hash.ToString());
        Assert.True(parsed.Verify("correct horse"));
        Assert.False(parsed.Verify("correct horsE"));
        Assert.False(parsed.Verify(""));
        Assert.NotEqual(hash.ToString(), DashboardPasswordHash.Create("correct horse", DashboardPasswordHash.MinimumIterations).ToString());
        Assert.StartsWith("pbkdf2-sha256$10000$", hash.ToString());
    }

    [Fact]
    public void Users_with_roles_are_read_from_configuration()
    {
        var alice = DashboardPasswordHash.Create("a", DashboardPasswordHash.MinimumIterations);
        var bob = DashboardPasswordHash.Create("b", DashboardPasswordHash.MinimumIterations);
        var options = From((DashboardAccessOptions.UsersKey, $"alice:operator:{alice}; bob:read-only:{bob}"), (DashboardAccessOptions.TrustLocalKey, "false"));
        Assert.False(options.TrustLocal);
        Assert.Equal([("alice", DashboardRole.Operator), ("bob", DashboardRole.ReadOnly)], options.Users.Select(u => (u.Name, u.Role)).ToArray());
        Assert.True(options.Find("bob")!.Password.Verify("b"));
        Assert.True(From().TrustLocal);
    }

    [Theory]
    [InlineData("alice:admin:pbkdf2-sha256$10000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "entry 1 ('alice'): role must be operator or read-only, got 'admin'")]
    [InlineData("alice:operator", "entry 1: expected name:role:hash, got 2 field(s)")]
    [InlineData("alice:operator:secret", "entry 1 ('alice'): a password hash looks like")]
    [InlineData("alice:operator:pbkdf2-sha256$100$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "the iteration count must be a whole number of at least 10000")]
    [InlineData("alice:operator:pbkdf2-sha256$10000$!!$AAAA", "the salt must be base64")]
    public void A_malformed_user_entry_stops_start_up_with_a_message_naming_it(string users, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => From((DashboardAccessOptions.UsersKey, users)));
        Assert.Contains(DashboardAccessOptions.UsersKey, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Distrusting_local_requests_without_any_user_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => From((DashboardAccessOptions.TrustLocalKey, "false")));
        Assert.Contains("needs at least one user", error.Message);
        Assert.Throws<ArgumentException>(() => From((DashboardAccessOptions.TrustLocalKey, "maybe")));
    }

    [Fact]
    public void Sign_in_limits_are_read_and_checked_at_start_up()
    {
        var options = From((DashboardAccessOptions.MaxFailedSignInsKey, "5"), (DashboardAccessOptions.MaxConcurrentSignInsKey, "2"));
        Assert.Equal((5, 2), (options.MaxFailedSignInsPerMinute, options.MaxConcurrentSignIns));
        Assert.Equal(10, From().MaxFailedSignInsPerMinute);
        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), From().MaxConcurrentSignIns);
        foreach (var (key, value) in new[] { (DashboardAccessOptions.MaxFailedSignInsKey, "0"), (DashboardAccessOptions.MaxFailedSignInsKey, "ten"),
            (DashboardAccessOptions.MaxConcurrentSignInsKey, "0"), (DashboardAccessOptions.MaxConcurrentSignInsKey, "-1") })
        {
            var error = Assert.Throws<ArgumentException>(() => From((key, value)));
            Assert.Contains(key, error.Message);
        }
    }

    [Fact]
    public void The_decoy_for_unknown_users_costs_as_much_as_the_dearest_configured_hash()
    {
        var cheap = DashboardPasswordHash.Create("a", DashboardPasswordHash.MinimumIterations);
        var dear = DashboardPasswordHash.Create("b", 30_000);

        Assert.Equal(30_000, From((DashboardAccessOptions.UsersKey, $"alice:operator:{cheap};bob:read-only:{dear}")).DecoyIterations);
        Assert.Equal(DashboardPasswordHash.MinimumIterations, From().DecoyIterations);
    }
}
