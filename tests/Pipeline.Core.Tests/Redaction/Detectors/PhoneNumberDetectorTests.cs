using Pipeline.Core.Redaction;

namespace Pipeline.Core.Tests.Redaction.Detectors;

public sealed class PhoneNumberDetectorTests
{
    [Theory]
    [InlineData("(202) 456-1111")]
    [InlineData("202-456-1111")]
    [InlineData("202.456.1111")]
    [InlineData("202 456 1111")]
    [InlineData("+1 202 456 1111")]
    [InlineData("+12024561111")]
    [InlineData("1-202-456-1111")]
    [InlineData("+44 20 7946 0958")]
    [InlineData("+41 (0)41 619 67 74")]
    public void A_grouped_or_international_number_is_a_phone(string phone) =>
        Assert.Equal([phone], Found.By(DetectorNames.Phone, $"Call {phone} today."));

    [Theory]
    [InlineData("Samples | 77170 80336 | Deleted")] // two figures whose ten digits form a valid US number
    [InlineData("Total 70.975 53.641 TL")]
    [InlineData("Columns 120 120 51 165")]
    [InlineData("Positions 71-72 76-80 71")]
    [InlineData("CAS 87-68-3 77-47-4")]
    [InlineData("https://doi.org/10.5402/2013/861912")]
    public void Table_figures_whose_digits_form_a_valid_number_are_not_phones(string text) =>
        Assert.Empty(Found.By(DetectorNames.Phone, text));

    [Fact]
    public void A_bare_ten_digit_run_is_a_record_number_not_a_phone() =>
        Assert.Empty(Found.By(DetectorNames.Phone, "Docket 2024561111 closed."));

    [Fact]
    public void A_number_without_country_code_is_read_in_the_configured_region()
    {
        var london = SensitiveDetectors.Create(DetectorNames.Phone, new DetectorSettings(PhoneRegion: "GB"));

        Assert.Equal(["020 7946 0958"], Found.By(london, "Ring 020 7946 0958 today."));
        Assert.Empty(Found.By(DetectorNames.Phone, "Ring 020 7946 0958 today."));
    }
}
