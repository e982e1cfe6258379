using Pipeline.Core.Redaction;

namespace Pipeline.Core.Tests.Redaction.Detectors;

public sealed class AtlassianTokenDetectorTests
{
    private static string Body(int length, int seed)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var random = new Random(seed);
        return string.Concat(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]));
    }

    [Theory]
    [InlineData("ATATT3")]
    [InlineData("ATCTT3")]
    public void A_user_api_token_or_admin_key_is_found_with_its_checksum(string prefix)
    {
        var token = prefix + Body(178, 1) + "=0A1B2C3D";

        Assert.Equal([token], Found.By(DetectorNames.AtlassianToken, $"JIRA_API_TOKEN: {token}\n"));
    }

    [Fact]
    public void A_short_body_is_not_a_token() =>
        Assert.Empty(Found.By(DetectorNames.AtlassianToken, "ATATT3" + Body(60, 2)));
}
