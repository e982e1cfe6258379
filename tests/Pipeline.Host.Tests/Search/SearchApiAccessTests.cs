using System.Net;
using System.Text.Json;
using Pipeline.Host.Dashboard;
using Pipeline.Host.Search;
using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Host.Web;

namespace Pipeline.Host.Tests.Search;

/// <summary>The search API's key setting: validated at start-up without echoing a hash, and no keys means local clients only.</summary>
public sealed class SearchApiAccessTests
{
    [Theory]
    [InlineData("rag-app", "entry 1: expected name:hash")]
    [InlineData("rag-app:pbkdf2-sha256$1$AAAA$BBBB", "entry 1 ('rag-app'): the iteration count must be")]
    [InlineData(":pbkdf2-sha256$600000$AAAA$BBBB", "entry 1: the key name is empty")]
    public void A_malformed_key_setting_stops_start_up_with_a_message_naming_the_variable(string value, string message)
    {
        using var jobs = new TempFolder();
        var settings = new PipelineSettings { ConnectionString = "Host=127.0.0.1", DataDirectory = jobs.File(".data"), JobsDirectory = jobs.Path, HomeDirectory = jobs.Path };

        var error = Assert.Throws<ArgumentException>(() => ServiceHost.Build(settings, settings.ConnectionString, TestServiceArgs.Loopback($"--{ApiKeyOptions.KeysKey}={value}")));

        Assert.StartsWith(ApiKeyOptions.KeysKey + ", ", error.Message);
        Assert.Contains(message, error.Message);
        Assert.DoesNotContain("BBBB", error.Message);
    }

    [Fact]
    public void A_key_name_listed_twice_is_refused()
    {
        var hash = DashboardPasswordHash.Create("a key", DashboardPasswordHash.MinimumIterations).ToString();

        var error = Assert.Throws<ArgumentException>(() => ApiKeyOptions.Parse($"app:{hash}, app:{hash}"));

        Assert.Equal($"{ApiKeyOptions.KeysKey}, entry 2: key name 'app' is listed twice", error.Message);
    }

    [Fact]
    public async Task Without_keys_a_remote_request_gets_403_and_a_local_one_is_answered()
    {
        await using var service = await SearchApiService.StartAsync("search_nokeys", sync: false);

        using var remote = await service.GetAsync("/api/search?q=retries", remote: true, bearer: "anything-at-all");
        using var local = await service.GetAsync("/api/search?q=retries");

        Assert.Equal(HttpStatusCode.Forbidden, remote.StatusCode);
        using var body = JsonDocument.Parse(await remote.Content.ReadAsStringAsync());
        Assert.Contains(ApiKeyOptions.KeysKey, body.RootElement.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, local.StatusCode);
        Assert.Equal("[]", await local.Content.ReadAsStringAsync());
    }
}
