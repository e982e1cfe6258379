using Pipeline.Core.Redaction;

namespace Pipeline.Core.Tests.Redaction;

public sealed class SensitiveDetectorsTests
{
    [Fact]
    public void Every_known_name_creates_the_detector_of_that_name()
    {
        var detectors = SensitiveDetectors.Create(DetectorNames.All, new DetectorSettings());

        Assert.Equal(DetectorNames.All, detectors.Select(d => d.Name));
    }

    [Fact]
    public void An_unknown_name_is_refused_with_the_known_ones_listed()
    {
        var error = Assert.Throws<ArgumentException>(() => SensitiveDetectors.Create("credit-card", new DetectorSettings()));

        Assert.Contains("credit-card", error.Message);
        Assert.Contains(DetectorNames.Card, error.Message);
    }

    [Fact]
    public void A_name_listed_twice_creates_one_detector() =>
        Assert.Single(SensitiveDetectors.Create([DetectorNames.Email, DetectorNames.Email], new DetectorSettings()));
}
