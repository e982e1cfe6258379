using System.Diagnostics;
using Pipeline.Core.Redaction;

namespace Pipeline.Core.Tests.Redaction;

public sealed class SensitiveDataScannerTests
{
    /// <summary>Reports fixed matches, to test overlap resolution apart from any real detector.</summary>
    private sealed class FixedDetector(string name, params (int Start, int Length)[] matches) : ISensitiveDataDetector
    {
        public string Name => name;

        public IEnumerable<SensitiveMatch> Find(string text) => matches.Select(m => new SensitiveMatch(name, m.Start, m.Length));
    }

    private static readonly string Text = new('x', 100);

    [Fact]
    public void Where_matches_overlap_the_detector_earlier_in_priority_order_wins()
    {
        var scanner = new SensitiveDataScanner([new FixedDetector(DetectorNames.Phone, (10, 20)), new FixedDetector(DetectorNames.Card, (15, 5))]);

        Assert.Equal([new SensitiveMatch(DetectorNames.Card, 15, 5)], scanner.Scan(Text));
    }

    [Fact]
    public void Between_overlapping_matches_of_one_detector_the_longer_wins()
    {
        var scanner = new SensitiveDataScanner([new FixedDetector(DetectorNames.Email, (10, 5), (12, 10))]);

        Assert.Equal([new SensitiveMatch(DetectorNames.Email, 12, 10)], scanner.Scan(Text));
    }

    [Fact]
    public void Matches_come_back_in_text_order_without_overlaps()
    {
        var scanner = new SensitiveDataScanner(
        [
            new FixedDetector(DetectorNames.IpAddress, (60, 10), (0, 5)),
            new FixedDetector(DetectorNames.HighEntropy, (30, 10), (4, 3)),
            new FixedDetector(DetectorNames.Email, (35, 30)),
        ]);

        Assert.Equal(
            [new(DetectorNames.HighEntropy, 4, 3), new(DetectorNames.HighEntropy, 30, 10), new(DetectorNames.IpAddress, 60, 10)],
            scanner.Scan(Text));
    }

    [Fact]
    public void Adjacent_matches_do_not_overlap()
    {
        var scanner = new SensitiveDataScanner([new FixedDetector(DetectorNames.Email, (0, 10), (10, 10))]);

        Assert.Equal(2, scanner.Scan(Text).Count);
    }

    [Fact]
    public void A_detector_outside_the_priority_list_loses_to_every_known_one()
    {
        var scanner = new SensitiveDataScanner([new FixedDetector("customer-id", (0, 50)), new FixedDetector(DetectorNames.IpAddress, (40, 5))]);

        Assert.Equal([new SensitiveMatch(DetectorNames.IpAddress, 40, 5)], scanner.Scan(Text));
    }

    [Fact]
    public void A_password_value_that_is_also_high_entropy_is_reported_as_a_password()
    {
        const string text = "api_key=Xk9mQ2vLp8RtYw3ZbN7cHs4D";
        var scanner = new SensitiveDataScanner(SensitiveDetectors.Create(DetectorNames.All, new DetectorSettings()));

        Assert.Equal([new SensitiveMatch(DetectorNames.PasswordAssignment, 8, 24)], scanner.Scan(text));
    }

    public static TheoryData<string, string> HostileLines() => new()
    {
        { "digits", new string('7', 5_000_000) },
        { "grouped digits", string.Concat(Enumerable.Repeat("4111 ", 1_000_000)) },
        { "dotted quads", string.Concat(Enumerable.Repeat("1.2.3.4.", 625_000)) },
        { "one long token", string.Concat(Enumerable.Repeat("aB3+", 1_250_000)) },
        { "assignments", string.Concat(Enumerable.Repeat("password=", 555_555)) },
        { "at signs", string.Concat(Enumerable.Repeat("a.b@", 1_250_000)) },
        { "colons", string.Concat(Enumerable.Repeat("ab:", 1_666_666)) },
        { "key headers without end lines", string.Concat(Enumerable.Repeat("-----BEGIN RSA PRIVATE KEY-----\n", 156_250)) },
        { "token headers", string.Concat(Enumerable.Repeat("eyJhbGciOiJIUzI1NiJ9.", 238_095)) },
        { "phone numbers", string.Concat(Enumerable.Repeat("(202) 456-1111 ", 333_333)) },
    };

    [Theory]
    [MemberData(nameof(HostileLines))]
    public void A_five_megabyte_hostile_line_is_scanned_in_seconds_not_minutes(string shape, string line)
    {
        var scanner = new SensitiveDataScanner(SensitiveDetectors.Create(DetectorNames.All, new DetectorSettings()));

        var clock = Stopwatch.StartNew();
        scanner.Scan(line);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"{shape}: {clock.Elapsed}");
    }
}
