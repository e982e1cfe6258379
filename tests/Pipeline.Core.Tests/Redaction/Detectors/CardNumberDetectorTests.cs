using Pipeline.Core.Redaction;

namespace Pipeline.Core.Tests.Redaction.Detectors;

public sealed class CardNumberDetectorTests
{
    [Theory]
    [InlineData("4111111111111111")] // Visa
    [InlineData("4111 1111 1111 1111")]
    [InlineData("4111-1111-1111-1111")]
    [InlineData("4222222222222")] // Visa, 13 digits
    [InlineData("5555 5555 5555 4444")] // Mastercard 51-55
    [InlineData("2223 0031 2200 3222")] // Mastercard 2-series
    [InlineData("3782 822463 10005")] // Amex 4-6-5
    [InlineData("3056 930902 5904")] // Diners 4-6-4
    [InlineData("6011 1111 1111 1117")] // Discover
    [InlineData("3530 1113 3330 0000")] // JCB
    [InlineData("6200 0000 0000 0005")] // UnionPay
    [InlineData("6759 6498 2643 8453")] // Maestro
    [InlineData("4000 0000 0000 0000 006")] // Visa, 19 digits 4-4-4-4-3
    public void A_luhn_valid_number_in_a_known_issuer_range_is_a_card(string card) =>
        Assert.Equal([card], Found.By(DetectorNames.Card, $"Paid with {card}, thanks."));

    [Fact]
    public void A_card_number_failing_luhn_is_not_a_card() =>
        Assert.Empty(Found.By(DetectorNames.Card, "Paid with 4111 1111 1111 1112."));

    [Theory]
    [InlineData("1234567812345670")] // Luhn-valid, no issuer starts with 1
    [InlineData("9111111111111110")]
    [InlineData("3411 1111 1111 1110")] // Amex prefix, but Amex numbers have 15 digits
    public void A_luhn_valid_number_outside_every_issuer_range_is_not_a_card(string number) =>
        Assert.Empty(Found.By(DetectorNames.Card, $"Reference {number} applies."));

    [Theory]
    [InlineData("Total 94111111111111111 units")] // a longer digit run
    [InlineData("row 2019 4111 1111 1111 1111 2020")] // a row of four-digit figures
    [InlineData("id 12-4111111111111111")]
    [InlineData("value 0.4111111111111111")]
    [InlineData("4111 1111-1111 1111")] // mixed separators
    public void A_valid_number_inside_a_longer_figure_is_not_a_card(string text) =>
        Assert.Empty(Found.By(DetectorNames.Card, text));

    [Fact]
    public void An_expiry_date_after_a_card_does_not_hide_the_card() =>
        Assert.Equal(["4111 1111 1111 1111"], Found.By(DetectorNames.Card, "card 4111 1111 1111 1111 12/27"));
}
