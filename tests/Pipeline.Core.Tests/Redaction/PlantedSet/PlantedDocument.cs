using System.Text;

namespace Pipeline.Core.Tests.Redaction.PlantedSet;

/// <summary>
/// Planted values in their sentences, shuffled and joined into one text with the exact place of each, so a recall
/// test can check that the scanner covers every value exactly: no more, no less.
/// </summary>
internal sealed class PlantedDocument
{
    private PlantedDocument(string text, IReadOnlyList<(PlantedValue Value, int Start)> placed)
    {
        Text = text;
        Placed = placed;
    }

    public string Text { get; }

    public IReadOnlyList<(PlantedValue Value, int Start)> Placed { get; }

    public static PlantedDocument Build(IEnumerable<PlantedValue> values, RandomText random)
    {
        var shuffled = values.OrderBy(_ => random.Next(int.MaxValue)).ToList();
        var text = new StringBuilder();
        var placed = new List<(PlantedValue, int)>();
        foreach (var value in shuffled)
        {
            var at = value.Sentence.IndexOf("{0}", StringComparison.Ordinal);
            text.Append(value.Sentence.AsSpan(0, at));
            placed.Add((value, text.Length));
            text.Append(value.Value).Append(value.Sentence.AsSpan(at + 3));
            text.Append(random.Chance(0.3) ? "\n\n" : random.Chance(0.5) ? "\n" : " ");
        }
        return new PlantedDocument(text.ToString(), placed);
    }
}
