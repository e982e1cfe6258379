using System.Text.Json;

namespace Pipeline.Extraction.Atlassian;

/// <summary>
/// Converts an Atlassian Document Format body (Jira REST v3 descriptions and comments, Confluence
/// <c>atlas_doc_format</c>) into blocks. Never throws on the body's content: what cannot be read is counted in
/// the result, and unknown node types keep their text.
/// </summary>
public static class AdfConverter
{
    // ADF nests two JSON levels per node (node, content array); the default of 64 would reject real bodies
    // with deep lists, and the walk itself is bounded, so the parser may go deep.
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 4096 };

    /// <param name="document">
    /// The <c>{"type":"doc",…}</c> node. A JSON string holding the document, as Confluence returns
    /// <c>body.atlas_doc_format.value</c>, is parsed first; null or undefined gives an empty body.
    /// </param>
    public static ConvertedBody Convert(JsonElement document) =>
        document.ValueKind == JsonValueKind.String ? Convert(document.GetString()) : new AdfBlockReader().Read(document);

    /// <param name="json">The document serialized as JSON; unparsable JSON gives an empty body with one malformed node.</param>
    public static ConvertedBody Convert(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return ConvertedBody.Empty;
        }
        try
        {
            using var parsed = JsonDocument.Parse(json, ParseOptions);
            // A string inside the string would be a second layer of encoding: no ADF source produces that.
            return parsed.RootElement.ValueKind == JsonValueKind.String
                ? ConvertedBody.Empty with { MalformedNodes = 1 }
                : new AdfBlockReader().Read(parsed.RootElement);
        }
        catch (JsonException)
        {
            return ConvertedBody.Empty with { MalformedNodes = 1 };
        }
    }
}
