using Pipeline.Core.Redaction;

namespace Pipeline.Core.Tests.Redaction.Detectors;

public sealed class UsSsnDetectorTests
{
    [Theory]
    [InlineData("Employee 123-45-6789 joined.", "123-45-6789")]
    [InlineData("Employee 123 45 6789 joined.", "123 45 6789")]
    [InlineData("SSN: 123456789", "123456789")]
    [InlineData("social security number #123456789", "123456789")]
    public void An_issuable_number_in_ssn_form_is_an_ssn(string text, string ssn) =>
        Assert.Equal([ssn], Found.By(DetectorNames.UsSsn, text));

    [Theory]
    [InlineData("000-12-3456")]
    [InlineData("666-12-3456")]
    [InlineData("900-12-3456")]
    [InlineData("999-12-3456")]
    [InlineData("123-00-4567")]
    [InlineData("123-45-0000")]
    [InlineData("078-05-1120")] // the Woolworth wallet card
    [InlineData("219-09-9999")] // the Social Security Administration's own advertisement
    public void A_number_the_ssa_never_issues_is_not_an_ssn(string number) =>
        Assert.Empty(Found.By(DetectorNames.UsSsn, $"SSN {number} on file."));

    [Fact]
    public void Nine_bare_digits_without_a_keyword_are_not_an_ssn() =>
        Assert.Empty(Found.By(DetectorNames.UsSsn, "Invoice 123456789 for 2019."));

    [Theory]
    [InlineData("Part 123-45-67890")]
    [InlineData("Range 1123-45-6789")]
    [InlineData("Code 123-45 6789")] // mixed separators
    [InlineData("ZIP 20500-123-45-6789")]
    public void An_ssn_shape_inside_a_longer_figure_is_not_an_ssn(string text) =>
        Assert.Empty(Found.By(DetectorNames.UsSsn, text));
}
