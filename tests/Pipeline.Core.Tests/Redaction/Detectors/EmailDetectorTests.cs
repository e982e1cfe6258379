using Pipeline.Core.Redaction;

namespace Pipeline.Core.Tests.Redaction.Detectors;

public sealed class EmailDetectorTests
{
    [Theory]
    [InlineData("Write to jane.doe@example.com.", "jane.doe@example.com")]
    [InlineData("cc: <ops+alerts@mail.eu-west.example.co.uk>", "ops+alerts@mail.eu-west.example.co.uk")]
    [InlineData("(o'brien_1977@sub.example.org)", "o'brien_1977@sub.example.org")]
    public void An_address_is_found_without_the_punctuation_around_it(string text, string address) =>
        Assert.Equal([address], Found.By(DetectorNames.Email, text));

    [Theory]
    [InlineData("Follow @example on social media")]
    [InlineData("user@localhost has no top-level domain")]
    [InlineData("the ratio 3@4.5 is not an address")]
    [InlineData("an address needs a domain: jane@.com")]
    public void Mentions_and_hosts_without_a_top_level_domain_are_not_addresses(string text) =>
        Assert.Empty(Found.By(DetectorNames.Email, text));
}
