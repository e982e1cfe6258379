using Pipeline.Core.Redaction;
using Xunit.Abstractions;

namespace Pipeline.Core.Tests.Redaction.PlantedSet;

/// <summary>
/// Recall on a deterministic planted set: at least 100 values of every kind in ordinary sentences, all scanned at
/// once so the kinds also compete for overlaps as they would in a real document.
/// </summary>
public sealed class PlantedSetRecallTests(ITestOutputHelper output)
{
    private const int PerKind = 120;
    private const double ValidatedRecall = 0.99;

    // Phone recall is reported, and held to a floor below which the grouping guards would be losing real numbers.
    private const double PhoneRecallFloor = 0.95;

    private static readonly Lazy<(PlantedDocument Document, IReadOnlyList<SensitiveMatch> Matches)> Scanned = new(() =>
    {
        var random = new RandomText(20240611);
        var numbers = new PlantedNumbers(random);
        var contacts = new PlantedContacts(random);
        var secrets = new PlantedSecrets(random);
        var document = PlantedDocument.Build(
            [
                .. numbers.Cards(PerKind), .. numbers.Ibans(PerKind), .. numbers.Ssns(PerKind),
                .. contacts.Emails(PerKind), .. contacts.Phones(PerKind), .. contacts.IpAddresses(PerKind),
                .. secrets.AwsAccessKeys(PerKind), .. secrets.GitHubTokens(PerKind), .. secrets.SlackTokens(PerKind),
                .. secrets.AtlassianTokens(PerKind), .. secrets.Jwts(PerKind), .. secrets.PrivateKeys(PerKind),
                .. secrets.PasswordAssignments(PerKind), .. secrets.HighEntropyTokens(PerKind),
            ],
            random);
        var scanner = new SensitiveDataScanner(SensitiveDetectors.Create(DetectorNames.All, new DetectorSettings()));
        return (document, scanner.Scan(document.Text));
    });

    public static TheoryData<string> ValidatedKinds() =>
        [DetectorNames.Card, DetectorNames.Iban, DetectorNames.UsSsn, DetectorNames.Email, DetectorNames.IpAddress, .. DetectorNames.Secrets];

    [Theory]
    [MemberData(nameof(ValidatedKinds))]
    public void Every_validated_kind_is_found_exactly_in_at_least_99_percent_of_planted_values(string detector)
    {
        var (planted, found) = Recall(detector);

        Assert.True(planted >= 100, $"{detector}: only {planted} planted");
        Assert.True((double)found / planted >= ValidatedRecall,
            $"{detector}: {found}/{planted} found exactly; missed {string.Join(" | ", Missed(detector).Take(5).Select(m => m.Value.Value))}");
    }

    [Fact]
    public void Phone_recall_in_national_and_international_formats_is_reported()
    {
        var (planted, found) = Recall(DetectorNames.Phone);

        output.WriteLine($"phone recall: {found}/{planted} = {(double)found / planted:P1}");
        foreach (var (value, _) in Missed(DetectorNames.Phone))
        {
            output.WriteLine($"  missed: {value.Value}");
        }
        Assert.True((double)found / planted >= PhoneRecallFloor, $"phone: {found}/{planted}");
    }

    [Fact]
    public void Nothing_outside_the_planted_values_is_matched()
    {
        var (document, matches) = Scanned.Value;
        var planted = document.Placed.Select(p => (p.Value.Detector, p.Start, p.Value.Value.Length)).ToHashSet();

        var extra = matches.Where(m => !planted.Contains((m.Detector, m.Start, m.Length)))
            .Where(m => !document.Placed.Any(p => p.Start <= m.Start && m.End <= p.Start + p.Value.Value.Length))
            .Select(m => $"{m.Detector}: {document.Text.Substring(m.Start, m.Length)}")
            .ToList();

        Assert.Empty(extra);
    }

    private static (int Planted, int Found) Recall(string detector)
    {
        var planted = Scanned.Value.Document.Placed.Count(p => p.Value.Detector == detector);
        return (planted, planted - Missed(detector).Count());
    }

    private static IEnumerable<(PlantedValue Value, int Start)> Missed(string detector)
    {
        var (document, matches) = Scanned.Value;
        var exact = matches.Select(m => (m.Detector, m.Start, m.Length)).ToHashSet();
        return document.Placed.Where(p => p.Value.Detector == detector && !exact.Contains((detector, p.Start, p.Value.Value.Length)));
    }
}
