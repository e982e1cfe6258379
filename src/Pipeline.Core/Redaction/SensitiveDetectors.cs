using Pipeline.Core.Redaction.Detectors;

namespace Pipeline.Core.Redaction;

/// <summary>The detectors by the names job files use (<see cref="DetectorNames"/>).</summary>
public static class SensitiveDetectors
{
    private static readonly IReadOnlyDictionary<string, Func<DetectorSettings, ISensitiveDataDetector>> Factories =
        new Dictionary<string, Func<DetectorSettings, ISensitiveDataDetector>>(StringComparer.Ordinal)
        {
            [DetectorNames.Email] = _ => new EmailDetector(),
            [DetectorNames.Card] = _ => new CardNumberDetector(),
            [DetectorNames.Iban] = _ => new IbanDetector(),
            [DetectorNames.UsSsn] = _ => new UsSsnDetector(),
            [DetectorNames.Phone] = settings => new PhoneNumberDetector(settings),
            [DetectorNames.IpAddress] = _ => new IpAddressDetector(),
            [DetectorNames.AwsAccessKey] = _ => new AwsAccessKeyDetector(),
            [DetectorNames.GitHubToken] = _ => new GitHubTokenDetector(),
            [DetectorNames.SlackToken] = _ => new SlackTokenDetector(),
            [DetectorNames.AtlassianToken] = _ => new AtlassianTokenDetector(),
            [DetectorNames.Jwt] = _ => new JwtDetector(),
            [DetectorNames.PrivateKey] = _ => new PrivateKeyDetector(),
            [DetectorNames.PasswordAssignment] = _ => new PasswordAssignmentDetector(),
            [DetectorNames.HighEntropy] = _ => new HighEntropyDetector(),
        };

    /// <exception cref="ArgumentException"><paramref name="name"/> is not a detector.</exception>
    public static ISensitiveDataDetector Create(string name, DetectorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Factories.TryGetValue(name, out var create)
            ? create(settings)
            : throw new ArgumentException($"Unknown detector '{name}'; known: {string.Join(", ", DetectorNames.All)}.", nameof(name));
    }

    /// <exception cref="ArgumentException">One of <paramref name="names"/> is not a detector.</exception>
    public static IReadOnlyList<ISensitiveDataDetector> Create(IEnumerable<string> names, DetectorSettings settings) =>
        names.Distinct(StringComparer.Ordinal).Select(name => Create(name, settings)).ToList();
}
