using Pipeline.Storage.Embedded;

namespace Pipeline.Storage.Tests;

public sealed class ClusterConfigTests
{
    [Fact]
    public void Config_remembers_the_port_and_listens_on_loopback_only()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, ClusterConfig.Render(new ClusterLayout("/tmp/short"), 54321));

            Assert.Equal(54321, ClusterConfig.ReadPort(file));
            Assert.Contains("listen_addresses = '127.0.0.1'", File.ReadAllText(file));
            Assert.Contains("unix_socket_directories = '/tmp/short/run'", File.ReadAllText(file));
            Assert.Contains("fsync = on", File.ReadAllText(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("/tmp/with space")]
    [InlineData("/tmp/with,comma")]
    [InlineData("/tmp/a-folder-name-long-enough-that-the-socket-path-would-overflow-sun-path-of-108-bytes")]
    public void Awkward_or_long_folders_get_no_unix_socket(string dataDirectory)
    {
        Assert.Contains("unix_socket_directories = ''", ClusterConfig.Render(new ClusterLayout(dataDirectory), 5432));
    }

    [Fact]
    public void Missing_config_means_no_remembered_port() =>
        Assert.Null(ClusterConfig.ReadPort("/nonexistent/pipeline.conf"));
}
