using System.Text.Json;

namespace Pipeline.Connectors.Atlassian;

/// <summary>
/// Reads Atlassian JSON without trusting its shape. <see cref="JsonElement"/> throws on a property of the wrong
/// kind, and custom fields, migrations and apps do leave numbers as strings, nulls and objects where text was
/// expected; one odd issue must fail on its own, not break a listing.
/// </summary>
internal static class JsonLookup
{
    public static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? value
            : null;

    /// <summary>A string, or a number as written (Jira ids are strings, Confluence webhook ids numbers).</summary>
    public static string? String(JsonElement element, string name) => Property(element, name) switch
    {
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        { ValueKind: JsonValueKind.Number } value => value.GetRawText(),
        _ => null,
    };

    public static long? Long(JsonElement element, string name) => Property(element, name) switch
    {
        { ValueKind: JsonValueKind.Number } value when value.TryGetInt64(out var number) => number,
        { ValueKind: JsonValueKind.String } value when long.TryParse(value.GetString(), out var number) => number,
        _ => null,
    };

    public static bool? Bool(JsonElement element, string name) => Property(element, name) switch
    {
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => null,
    };

    /// <summary>The elements of an array property; nothing when it is missing or not an array.</summary>
    public static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray() : [];

    /// <summary><c>{"name": …}</c> objects as Jira gives status, type, priority: the name, else the bare string.</summary>
    public static string? Named(JsonElement element, string name) => Property(element, name) switch
    {
        { ValueKind: JsonValueKind.Object } value => String(value, "name") ?? String(value, "value"),
        { ValueKind: JsonValueKind.String } value => value.GetString(),
        _ => null,
    };
}
