using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Pipeline.Host.Alerts;

/// <summary>Reads named settings (environment variables by default) and says which one is wrong when it cannot parse.</summary>
public sealed class SettingReader(Func<string, string?> lookup)
{
    public static SettingReader Environment { get; } = new(System.Environment.GetEnvironmentVariable);

    /// <summary>ASP.NET configuration: environment variables, and the same names as <c>--NAME=value</c> arguments or in appsettings.</summary>
    public static SettingReader From(IConfiguration configuration) => new(name => configuration[name]);

    public string? Text(string name) => lookup(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    public int Int(string name, int fallback) => Text(name) is not { } raw ? fallback
        : int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw new ArgumentException($"{name} must be an integer, got '{raw}'");

    public double Number(string name, double fallback) => Text(name) is not { } raw ? fallback
        : double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value
        : throw new ArgumentException($"{name} must be a number, got '{raw}'");
}
