using Pipeline.Core.Redaction;

namespace Pipeline.Core.Tests.Redaction.Detectors;

public sealed class GitHubTokenDetectorTests
{
    private const string Body36 = "16C7e42F292c6912E7710c838347Ae178B4a";

    [Theory]
    [InlineData("ghp_")]
    [InlineData("gho_")]
    [InlineData("ghu_")]
    [InlineData("ghs_")]
    [InlineData("ghr_")]
    public void Each_token_prefix_with_36_characters_is_a_token(string prefix) =>
        Assert.Equal([prefix + Body36], Found.By(DetectorNames.GitHubToken, $"GITHUB_TOKEN={prefix}{Body36} "));

    [Fact]
    public void A_fine_grained_personal_token_is_a_token()
    {
        var token = "github_pat_" + "11ABCDEFG0a1b2c3d4e5f6" + "_" + "Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8Nn7Mm6Ll5Kk4Jj3Ii2Hh1Gg";

        Assert.Equal([token], Found.By(DetectorNames.GitHubToken, $"token: {token}"));
    }

    [Theory]
    [InlineData("ghp_" + "16C7e42F292c6912E7710c838347Ae178B4")] // 35 characters
    [InlineData("ghx_" + Body36)] // unknown prefix
    [InlineData("xghp_" + Body36)] // inside a longer word
    public void Near_misses_are_not_tokens(string text) =>
        Assert.Empty(Found.By(DetectorNames.GitHubToken, text));
}
