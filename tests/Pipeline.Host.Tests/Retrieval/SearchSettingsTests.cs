using Pipeline.Host.Tests.Infrastructure;
using Pipeline.Storage.Retrieval;

namespace Pipeline.Host.Tests.Retrieval;

/// <summary><c>PIPELINE_SEARCH_*</c> are read once and checked at start-up; <c>--mode</c> is checked by the parser.</summary>
public sealed class SearchSettingsTests
{
    [Fact]
    public void Unset_variables_keep_the_measured_defaults()
    {
        var options = SearchOptions.FromEnvironment(_ => null).Validate();

        Assert.Equal((RetrievalMode.Hybrid, FusionMethod.Convex, 0.5, 0.5, 100), (options.Mode, options.Fusion, options.DenseWeight, options.LexicalWeight, options.Candidates));
    }

    [Fact]
    public void Set_variables_are_read_case_and_culture_independently()
    {
        var environment = new Dictionary<string, string>
        {
            ["PIPELINE_SEARCH_MODE"] = " Dense ",
            ["PIPELINE_SEARCH_DENSE_WEIGHT"] = "1.5",
            ["PIPELINE_SEARCH_LEXICAL_WEIGHT"] = "0",
            ["PIPELINE_SEARCH_CANDIDATES"] = "250",
        };

        var options = SearchOptions.FromEnvironment(environment.GetValueOrDefault).Validate();

        Assert.Equal((RetrievalMode.Dense, 1.5, 0.0, 250), (options.Mode, options.DenseWeight, options.LexicalWeight, options.Candidates));
    }

    [Theory]
    [InlineData("PIPELINE_SEARCH_MODE", "semantic", "PIPELINE_SEARCH_MODE must be hybrid, dense or lexical, got 'semantic'")]
    [InlineData("PIPELINE_SEARCH_DENSE_WEIGHT", "heavy", "PIPELINE_SEARCH_DENSE_WEIGHT must be a number, got 'heavy'")]
    [InlineData("PIPELINE_SEARCH_DENSE_WEIGHT", "-1", "PIPELINE_SEARCH_DENSE_WEIGHT must be between 0 and 100")]
    [InlineData("PIPELINE_SEARCH_LEXICAL_WEIGHT", "NaN", "PIPELINE_SEARCH_LEXICAL_WEIGHT must be between 0 and 100")]
    [InlineData("PIPELINE_SEARCH_CANDIDATES", "0", "PIPELINE_SEARCH_CANDIDATES must be between 1 and 1000")]
    [InlineData("PIPELINE_SEARCH_CANDIDATES", "1001", "PIPELINE_SEARCH_CANDIDATES must be between 1 and 1000")]
    [InlineData("PIPELINE_SEARCH_CANDIDATES", "ten", "PIPELINE_SEARCH_CANDIDATES must be an integer, got 'ten'")]
    public void A_bad_value_is_refused_naming_the_variable(string name, string value, string message)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => SearchOptions.FromEnvironment(n => n == name ? value : null).Validate());

        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void Both_weights_zero_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new SearchOptions { DenseWeight = 0, LexicalWeight = 0 }.Validate());

        Assert.Contains("cannot both be 0", error.Message);
    }

    [Fact]
    public async Task The_cli_stops_at_start_up_on_a_bad_setting_and_at_parsing_on_a_bad_mode()
    {
        using var jobs = new TempFolder();
        var environment = new Dictionary<string, string>
        {
            ["PIPELINE_DB"] = await TestCluster.CreateDatabaseAsync("search_settings"),
            ["PIPELINE_JOBS_DIR"] = jobs.Path,
        };

        var badSetting = await CliProcess.RunAsync(new Dictionary<string, string>(environment) { ["PIPELINE_SEARCH_CANDIDATES"] = "5000" }, "query", "pumps", "--json");
        var badMode = await CliProcess.RunAsync(environment, "query", "pumps", "--mode", "semantic");
        var lexical = await CliProcess.RunAsync(environment, "query", "pumps", "--mode", "lexical", "--json");

        Assert.NotEqual(0, badSetting.ExitCode);
        Assert.Contains("PIPELINE_SEARCH_CANDIDATES must be between 1 and 1000", badSetting.Stderr);
        Assert.NotEqual(0, badMode.ExitCode);
        Assert.Contains("--mode must be hybrid, dense or lexical, got 'semantic'", badMode.Stderr);
        Assert.True(lexical.ExitCode == 0, lexical.Stderr);
        Assert.Equal("[]", lexical.Stdout.Trim());
    }
}
