using System.Text.Json;
using Pipeline.Extraction.Atlassian;

namespace Pipeline.Connectors.Jira;

/// <summary>
/// A Jira rich-text value as blocks, chosen by its shape rather than the deployment: REST v3 gives ADF objects,
/// REST v2 (Data Center, and some v3 examples) wiki-markup strings.
/// </summary>
internal static class JiraBody
{
    public static ConvertedBody Convert(JsonElement? body) => body switch
    {
        null or { ValueKind: JsonValueKind.Undefined or JsonValueKind.Null } => ConvertedBody.Empty,
        { ValueKind: JsonValueKind.Object } adf => AdfConverter.Convert(adf),
        { ValueKind: JsonValueKind.String } markup => WikiMarkupConverter.Convert(markup.GetString()),
        _ => ConvertedBody.Empty with { MalformedNodes = 1 },
    };
}
