using Pipeline.Core.Redaction;

namespace Pipeline.Core.Tests.Redaction.Detectors;

public sealed class IbanDetectorTests
{
    [Theory]
    [InlineData("DE89 3704 0044 0532 0130 00")]
    [InlineData("DE89370400440532013000")]
    [InlineData("GB29 NWBK 6016 1331 9268 19")]
    [InlineData("FR14 2004 1010 0505 0001 3M02 606")]
    [InlineData("NO93 8601 1117 947")]
    [InlineData("MT84 MALT 0110 0001 2345 MTLC AST0 01S")]
    [InlineData("BE68539007547034")]
    public void A_registered_length_and_a_mod_97_remainder_of_one_make_an_iban(string iban) =>
        Assert.Equal([iban], Found.By(DetectorNames.Iban, $"Transfer to {iban} by Friday."));

    [Fact]
    public void Wrong_check_digits_are_not_an_iban() =>
        Assert.Empty(Found.By(DetectorNames.Iban, "Transfer to DE88 3704 0044 0532 0130 00 by Friday."));

    [Fact]
    public void A_valid_checksum_with_the_wrong_length_for_its_country_is_not_an_iban() =>
        // GB IBANs have 22 characters: the first 22 here would check, but the token goes on.
        Assert.Empty(Found.By(DetectorNames.Iban, "Account GB82WEST1234569876543210 is closed."));

    [Fact]
    public void A_country_without_ibans_is_not_an_iban_even_when_its_checksum_works() =>
        Assert.Empty(Found.By(DetectorNames.Iban, "Part US22 SVBK US6S 3300 9580 276 ships."));

    [Fact]
    public void A_capitalised_word_after_a_grouped_iban_is_not_swallowed() =>
        Assert.Equal(["NO93 8601 1117 947"], Found.By(DetectorNames.Iban, "NO93 8601 1117 947 THEN pay"));

    [Fact]
    public void An_iban_glued_to_a_longer_token_is_not_an_iban() =>
        Assert.Empty(Found.By(DetectorNames.Iban, "XDE89370400440532013000 and DE8937040044053201300099"));
}
