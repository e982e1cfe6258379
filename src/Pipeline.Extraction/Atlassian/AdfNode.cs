using System.Globalization;
using System.Text.Json;

namespace Pipeline.Extraction.Atlassian;

/// <summary>
/// Reads ADF node properties without trusting their shape: JsonElement throws on a property of the wrong JSON
/// kind, and bodies written by apps and migrations do carry numbers as strings, nulls and stray values.
/// </summary>
internal static class AdfNode
{
    public static bool IsNode(JsonElement node) => node.ValueKind == JsonValueKind.Object;

    public static string? Type(JsonElement node) => StringProperty(node, "type");

    public static string? Text(JsonElement node) => StringProperty(node, "text");

    /// <summary>A string attribute; a number is given as written.</summary>
    public static string? Attribute(JsonElement node, string name) =>
        Attributes(node) is { } attrs ? Scalar(attrs, name) : null;

    public static int? IntAttribute(JsonElement node, string name) =>
        int.TryParse(Attribute(node, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>The node's children; none when <c>content</c> is missing, and none (flagged) when it is not an array.</summary>
    public static JsonElement.ArrayEnumerator? Content(JsonElement node, out bool malformed)
    {
        malformed = false;
        if (!IsNode(node) || !node.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (content.ValueKind != JsonValueKind.Array)
        {
            malformed = true;
            return null;
        }
        return content.EnumerateArray();
    }

    public static bool HasContent(JsonElement node) =>
        IsNode(node) && node.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array
        && content.GetArrayLength() > 0;

    private static JsonElement? Attributes(JsonElement node) =>
        IsNode(node) && node.TryGetProperty("attrs", out var attrs) && attrs.ValueKind == JsonValueKind.Object ? attrs : null;

    private static string? StringProperty(JsonElement node, string name) => IsNode(node) ? Scalar(node, name) : null;

    private static string? Scalar(JsonElement owner, string name)
    {
        if (!owner.TryGetProperty(name, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }
}
