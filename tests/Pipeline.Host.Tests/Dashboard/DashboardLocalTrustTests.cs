using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Pipeline.Host.Dashboard;
using Pipeline.Host.Tests.Infrastructure;

namespace Pipeline.Host.Tests.Dashboard;

/// <summary>
/// Local requests are trusted (the default), and "local" must not be fakeable: proxy headers, a foreign Host header
/// (DNS rebinding) and a peer that merely shares the server's own address all get the sign-in challenge instead.
/// </summary>
public sealed class DashboardLocalTrustTests(DashboardLocalTrustTests.LocalDashboard local) : IClassFixture<DashboardLocalTrustTests.LocalDashboard>
{
    private const string Password = "operator pass";
    private const string ExtraHost = "pipeline.example.internal";
    private const string Page = "/hangfire/pipeline/sources";

    public sealed class LocalDashboard : IAsyncLifetime
    {
        private readonly TempFolder _jobs = new();
        private DashboardService? _service;

        public DashboardService Service => _service!;

        public static string Users => $"alice:operator:{DashboardPasswordHash.Create(Password, DashboardPasswordHash.MinimumIterations)}";

        public async Task InitializeAsync()
        {
            var connectionString = await TestCluster.CreateDatabaseAsync("dashlocal");
            _service = await DashboardService.StartAsync(connectionString, _jobs.Path,
                $"--{DashboardAccessOptions.UsersKey}={Users}", $"--PIPELINE_DASHBOARD_HOSTS={ExtraHost}");
        }

        public async Task DisposeAsync()
        {
            if (_service is not null)
            {
                await _service.DisposeAsync();
            }
            _jobs.Dispose();
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("localhost")]
    [InlineData(ExtraHost)]
    public async Task A_plain_local_request_naming_this_machine_acts_as_operator_without_a_password(string? host)
    {
        using var response = await SendAsync(host: host);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("X-Forwarded-For", "203.0.113.7")]
    [InlineData("Forwarded", "for=203.0.113.7")]
    [InlineData("X-Real-IP", "203.0.113.7")]
    [InlineData("X-Forwarded-Host", "pipeline.example.com")]
    public async Task A_loopback_request_relayed_by_a_proxy_gets_401_with_a_basic_challenge(string header, string value)
    {
        using var response = await SendAsync(header: (header, value));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Theory]
    [InlineData("attacker.example")]
    [InlineData("localhost.attacker.example")]
    [InlineData("192.0.2.99")]
    public async Task A_loopback_request_naming_another_host_is_refused(string host)
    {
        using var response = await SendAsync(host: host);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Basic_credentials_still_work_behind_a_proxy()
    {
        using var alice = local.Service.Client("alice", Password);
        using var request = new HttpRequestMessage(HttpMethod.Get, Page);
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        request.Headers.Host = "pipeline.example.com";

        using var response = await alice.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Sources", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_peer_with_the_servers_own_non_loopback_address_is_not_local()
    {
        var own = NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        Assert.True(own is not null, "this test needs a non-loopback IPv4 address on the machine");
        using var jobs = new TempFolder();
        var connectionString = await TestCluster.CreateDatabaseAsync("dashownaddr");
        // Connecting to the machine's own address makes the peer address equal the local one.
        await using var service = await DashboardService.StartAsync(connectionString, jobs.Path,
            $"--{DashboardAccessOptions.UsersKey}={LocalDashboard.Users}", $"--urls=http://{own}:0");
        using var client = service.Client();

        using var response = await client.GetAsync(Page);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<HttpResponseMessage> SendAsync(string? host = null, (string Name, string Value)? header = null)
    {
        using var client = local.Service.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, Page);
        if (host is not null)
        {
            request.Headers.Host = $"{host}:{local.Service.Address.Port}";
        }
        if (header is { } h)
        {
            request.Headers.Add(h.Name, h.Value);
        }
        return await client.SendAsync(request);
    }
}
