using System.Text.Json.Serialization;

namespace Pipeline.Core.Redaction;

/// <summary>
/// A job's redaction policy (the <c>redaction</c> object of a job file): per detector, what to do with what it finds.
/// Protection is on by default: a job file without this section, and every ad-hoc <c>ingest</c>, masks e-mail
/// addresses, card numbers, IBANs, US SSNs, phone numbers and every secret format. Phone numbers are masked because
/// the phone detector's precision held on the real corpus (13 of 13 findings real, no table figure taken; README
/// "Sensitive data"). IP addresses are not looked for unless asked: every four-level section number (2.3.59.1) is one.
/// </summary>
public sealed record RedactionOptions
{
    /// <summary>Region of phone numbers written without a country code (ISO 3166-1 alpha-2).</summary>
    [JsonPropertyName("phoneRegion")]
    public string PhoneRegion { get; init; } = "US";

    /// <summary>Overrides of <see cref="Defaults"/> by detector name (<see cref="DetectorNames"/>), as action names.</summary>
    [JsonPropertyName("detectors")]
    public IReadOnlyDictionary<string, string> Detectors { get; init; } = new Dictionary<string, string>();

    /// <summary>What each detector does when the job says nothing about it.</summary>
    public static IReadOnlyDictionary<string, RedactionAction> Defaults { get; } = DetectorNames.All.ToDictionary(
        name => name,
        name => name switch
        {
            DetectorNames.IpAddress => RedactionAction.Off,
            _ => RedactionAction.Mask,
        });

    public RedactionAction ActionFor(string detector) =>
        Detectors.TryGetValue(detector, out var action) ? RedactionActions.Parse(action) : Defaults[detector];

    /// <summary>Every detector with the action this policy gives it, in <see cref="DetectorNames.All"/> order.</summary>
    public IReadOnlyList<(string Detector, RedactionAction Action)> Policy() =>
        DetectorNames.All.Select(name => (name, ActionFor(name))).ToList();

    /// <summary>What is wrong with the policy (an unknown detector or action, a malformed region); null when valid.</summary>
    public string? Problem()
    {
        foreach (var (detector, action) in Detectors)
        {
            if (!DetectorNames.All.Contains(detector))
            {
                return $"redaction.detectors: '{detector}' is not a detector ({string.Join(", ", DetectorNames.All)})";
            }
            try
            {
                RedactionActions.Parse(action);
            }
            catch (ArgumentException e)
            {
                return $"redaction.detectors.{detector}: {e.Message}";
            }
        }
        if (PhoneRegion.Length != 2 || !PhoneRegion.All(char.IsAsciiLetterUpper))
        {
            return $"redaction.phoneRegion: '{PhoneRegion}' is not a two-letter upper-case region code such as US or DE";
        }
        return null;
    }
}
