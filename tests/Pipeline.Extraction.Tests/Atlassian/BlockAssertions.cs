using System.Text.Json;
using System.Text.RegularExpressions;
using Pipeline.Core.Documents;
using Pipeline.Extraction.Atlassian;

namespace Pipeline.Extraction.Tests.Atlassian;

/// <summary>Reading converted bodies back as text, for tests that check that nothing was lost.</summary>
internal static partial class BlockAssertions
{
    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    public static string Squeeze(string text) => Whitespace().Replace(text, " ").Trim();

    /// <summary>Every block's text, whitespace collapsed, one long string to search in.</summary>
    public static string AllText(ConvertedBody body) => Squeeze(string.Join(" ", body.Blocks.Select(b => b.Text)));

    public static IReadOnlyList<Block> OfKind(ConvertedBody body, BlockKind kind) => body.Blocks.Where(b => b.Kind == kind).ToList();

    public static Block Single(ConvertedBody body, BlockKind kind, string textContains) =>
        Assert.Single(body.Blocks, b => b.Kind == kind && b.Text.Contains(textContains, StringComparison.Ordinal));

    /// <summary>The text of every ADF <c>text</c> node in a document, as the source has it.</summary>
    public static List<string> AdfTextNodes(JsonElement node)
    {
        var texts = new List<string>();
        var pending = new Stack<JsonElement>();
        pending.Push(node);
        while (pending.TryPop(out var current))
        {
            if (current.ValueKind == JsonValueKind.Array)
            {
                foreach (var child in current.EnumerateArray())
                {
                    pending.Push(child);
                }
            }
            else if (current.ValueKind == JsonValueKind.Object)
            {
                if (current.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                    && type.GetString() == "text" && current.TryGetProperty("text", out var text))
                {
                    texts.Add(text.GetString() ?? string.Empty);
                }
                if (current.TryGetProperty("content", out var content))
                {
                    pending.Push(content);
                }
            }
        }
        return texts;
    }

    public static void AssertEveryTextSurvives(IEnumerable<string> sourceTexts, ConvertedBody body)
    {
        var all = AllText(body);
        var missing = sourceTexts.Select(Squeeze).Where(t => t.Length > 0 && !all.Contains(t, StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "Lost text: " + string.Join(" | ", missing));
    }
}
