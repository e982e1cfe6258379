using Pipeline.Connectors.Atlassian;

namespace Pipeline.Connectors.Tests.Atlassian;

public sealed class AtlassianCredentialsTests
{
    [Fact]
    public void A_personal_access_token_is_preferred_when_its_variable_is_set_and_never_shown()
    {
        var environment = new Dictionary<string, string> { ["JIRA_PAT"] = "pat-secret", ["JIRA_EMAIL"] = "a@b.c", ["JIRA_API_TOKEN"] = "token-secret" };

        var credentials = AtlassianCredentials.FromEnvironment("JIRA_EMAIL", "JIRA_API_TOKEN", "JIRA_PAT", environment.GetValueOrDefault);

        Assert.Equal("Bearer credentials from JIRA_PAT", credentials.ToString());
    }

    [Fact]
    public void A_missing_variable_is_named_and_its_value_never_guessed()
    {
        var environment = new Dictionary<string, string> { ["JIRA_EMAIL"] = "a@b.c" };

        var error = Assert.Throws<InvalidOperationException>(() =>
            AtlassianCredentials.FromEnvironment("JIRA_EMAIL", "JIRA_API_TOKEN", null, environment.GetValueOrDefault));

        Assert.Equal("environment variable JIRA_API_TOKEN not set", error.Message);
    }

    [Fact]
    public void No_variable_names_at_all_mean_anonymous()
    {
        Assert.Same(AtlassianCredentials.Anonymous, AtlassianCredentials.FromEnvironment(null, null, null));
    }
}
