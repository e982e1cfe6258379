using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Pipeline.Host.Web;

namespace Pipeline.Host.Tests.Web;

public sealed class LocalRequestsTests
{
    private static readonly LocalRequests Local = new(["pipeline.example.internal"]);

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1:5080", true)]
    [InlineData("::1", "[::1]:5080", true)]
    [InlineData("::ffff:127.0.0.1", "localhost", true)]
    [InlineData("127.0.0.1", "LOCALHOST.:5080", true)]
    [InlineData("127.0.0.1", "Pipeline.Example.Internal:5080", true)]
    [InlineData("127.0.0.1", "attacker.example:5080", false)]
    [InlineData("127.0.0.1", "192.0.2.2:5080", false)]
    [InlineData("127.0.0.1", "", false)]
    [InlineData("192.0.2.2", "localhost:5080", false)]
    public void Local_means_a_loopback_peer_that_names_this_machine(string peer, string host, bool expected)
    {
        Assert.Equal(expected, Local.IsLocal(IPAddress.Parse(peer), new HeaderDictionary(), new HostString(host)));
    }

    [Fact]
    public void A_peer_equal_to_the_servers_own_address_is_not_local()
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = context.Connection.LocalIpAddress = IPAddress.Parse("192.0.2.2");
        context.Request.Host = new HostString("localhost");

        Assert.False(Local.IsLocal(context));
    }

    [Theory]
    [InlineData("X-Forwarded-For")]
    [InlineData("x-forwarded-proto")]
    [InlineData("Forwarded")]
    [InlineData("X-Real-IP")]
    public void Any_proxy_header_even_empty_makes_a_request_non_local(string header)
    {
        var headers = new HeaderDictionary { [header] = "" };

        Assert.False(Local.IsLocal(IPAddress.Loopback, headers, new HostString("localhost")));
    }

    [Theory]
    [InlineData("http://pipeline.example")]
    [InlineData("pipeline.example:5080")]
    [InlineData("bad name")]
    public void A_malformed_host_name_stops_start_up(string names)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(LocalRequests.HostsKey, (string?)names)]).Build();

        var error = Assert.Throws<ArgumentException>(() => LocalRequests.From(configuration));

        Assert.Contains(LocalRequests.HostsKey, error.Message);
    }

    [Fact]
    public void Listed_host_names_are_read_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(LocalRequests.HostsKey, (string?)" a.example , b ")]).Build();

        Assert.Equal(["localhost", "a.example", "b"], LocalRequests.From(configuration).Hosts);
    }
}
