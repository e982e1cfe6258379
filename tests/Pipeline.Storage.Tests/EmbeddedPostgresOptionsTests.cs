using Pipeline.Storage.Embedded;

namespace Pipeline.Storage.Tests;

public sealed class EmbeddedPostgresOptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_point_at_postgres_15()
    {
        var options = new EmbeddedPostgresOptions { DataDirectory = "/tmp/x" };

        options.Validate();

        Assert.Equal(("/usr/lib/postgresql/15/bin", "pipeline", "postgres"), (options.BinDirectory, options.Database, options.ServiceUser));
    }

    [Fact]
    public void Validate_reports_every_problem_at_once()
    {
        var options = new EmbeddedPostgresOptions { DataDirectory = " ", Database = "Bad Name", StartTimeout = TimeSpan.Zero };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("DataDirectory", error.Message);
        Assert.Contains("Database 'Bad Name'", error.Message);
        Assert.Contains("StartTimeout", error.Message);
    }

    [Fact]
    public void Constructor_validates_options()
    {
        Assert.Throws<ArgumentException>(() => new EmbeddedPostgres(new EmbeddedPostgresOptions { DataDirectory = "/tmp/x", Database = "x;drop" }));
    }
}
