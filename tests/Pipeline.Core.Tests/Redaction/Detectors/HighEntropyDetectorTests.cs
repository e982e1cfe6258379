using Pipeline.Core.Redaction;

namespace Pipeline.Core.Tests.Redaction.Detectors;

public sealed class HighEntropyDetectorTests
{
    [Theory]
    [InlineData("Xk9mQ2vLp8RtYw3ZbN7cHs4D")]
    [InlineData("wJalrXUtnFEMI/K7MDENG/bPxRfiCYzT5pQ9LmB3v")]
    [InlineData("q8Zr+T1vN0yB4mKc7XwLf2Hs9UaE6dGp3RjOi5Ye==")]
    [InlineData("dG9rZW4tM2Y5YTFiN2MtOWQ4ZS00ZjZh")]
    public void A_long_random_token_mixing_cases_and_digits_is_a_secret(string token) =>
        Assert.Equal([token], Found.By(DetectorNames.HighEntropy, $"the signing value {token} was pasted"));

    [Theory]
    [InlineData("Pneumonoultramicroscopicsilicovolcanoconiosis")] // a long word
    [InlineData("2-Dibromo-3-chloropropane6")] // a chemical name with a footnote mark
    [InlineData("SHA256WithRSAEncryptionAlgorithm")] // an identifier
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")] // a SHA-256 digest
    [InlineData("9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08")] // the same in upper case
    [InlineData("/usr/local/share/dotnet/packs/Microsoft")] // a path
    [InlineData("aaaaaaaaaaaaBBBBBBBBBBBB111111111111")] // long but not varied
    [InlineData("https://www.example.com/docs/Redaction-Guide-2024")]
    public void Words_identifiers_digests_and_paths_are_not_secrets(string text) =>
        Assert.Empty(Found.By(DetectorNames.HighEntropy, text));

    [Fact]
    public void A_token_in_a_format_another_detector_owns_is_left_to_it() =>
        Assert.Empty(Found.By(DetectorNames.HighEntropy, "ghp_16C7e42F292c6912E7710c838347Ae178B4a"));
}
