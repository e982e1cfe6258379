namespace Pipeline.Core.Quality;

/// <summary>The figures the text rules judge, measured in one pass over a document's or a chunk's text.</summary>
/// <param name="Characters">All characters, whitespace included.</param>
/// <param name="Visible">Non-whitespace characters.</param>
/// <param name="Garbage">Visible characters that are not text (see <see cref="GarbageCharacters"/>).</param>
public sealed record TextProfile(long Characters, long Visible, long Garbage)
{
    /// <summary>Share of the visible characters that are garbage; 0 for no text (emptiness is another rule's business).</summary>
    public double GarbageRatio => Visible == 0 ? 0 : Math.Min(1, (double)Garbage / Visible);

    public static TextProfile Of(string text) => Of([text]);

    public static TextProfile Of(IEnumerable<string> texts)
    {
        long characters = 0, visible = 0, garbage = 0;
        foreach (var text in texts)
        {
            characters += text.Length;
            foreach (var c in text)
            {
                if (!char.IsWhiteSpace(c))
                {
                    visible++;
                }
            }
            garbage += GarbageCharacters.Count(text);
        }
        return new TextProfile(characters, visible, garbage);
    }
}
