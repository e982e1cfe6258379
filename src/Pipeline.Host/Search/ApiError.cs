using System.Text.Json.Serialization;

namespace Pipeline.Host.Search;

/// <summary>The body of every refusal of the API: <c>{"error": "…"}</c>, a sentence meant for the person reading the client's log.</summary>
public sealed record ApiError([property: JsonPropertyName("error")] string Error);
