using System.Text;
using System.Text.Json;

namespace Pipeline.Connectors.Atlassian;

/// <summary>
/// The human part of an Atlassian error body, for exception messages: Jira's <c>errorMessages</c>/<c>errors</c>
/// (e.g. a JQL syntax error), Confluence v2's <c>errors[].title/detail</c>, or a plain <c>message</c>.
/// </summary>
internal static class AtlassianErrorText
{
    private const int MaxLength = 400;

    public static string? From(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(body);
            var parts = new List<string>();
            Collect(document.RootElement, parts);
            var text = string.Join("; ", parts.Where(p => !string.IsNullOrWhiteSpace(p)).Distinct());
            return text.Length == 0 ? null : text.Length > MaxLength ? text[..MaxLength] + "…" : text;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void Collect(JsonElement root, List<string> parts)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name, property.Value.ValueKind)
            {
                case ("errorMessages", JsonValueKind.Array):
                    parts.AddRange(property.Value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!));
                    break;
                case ("errors", JsonValueKind.Object):
                    parts.AddRange(property.Value.EnumerateObject()
                        .Where(e => e.Value.ValueKind == JsonValueKind.String)
                        .Select(e => $"{e.Name}: {e.Value.GetString()}"));
                    break;
                case ("errors", JsonValueKind.Array):
                    parts.AddRange(property.Value.EnumerateArray().Select(Describe));
                    break;
                case ("message", JsonValueKind.String):
                    parts.Add(property.Value.GetString()!);
                    break;
            }
        }
    }

    private static string Describe(JsonElement error)
    {
        if (error.ValueKind != JsonValueKind.Object)
        {
            return error.ValueKind == JsonValueKind.String ? error.GetString()! : string.Empty;
        }
        var text = new StringBuilder();
        foreach (var name in new[] { "title", "detail" })
        {
            if (error.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
            {
                text.Append(text.Length > 0 ? ": " : "").Append(value.GetString());
            }
        }
        return text.ToString();
    }
}
