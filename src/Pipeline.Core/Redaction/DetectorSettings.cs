namespace Pipeline.Core.Redaction;

/// <summary>What detectors need beyond the text: the region phone numbers without a country code are read in.</summary>
/// <param name="PhoneRegion">ISO 3166-1 alpha-2 region for national-format phone numbers (default <c>US</c>).</param>
public sealed record DetectorSettings(string PhoneRegion = "US");
