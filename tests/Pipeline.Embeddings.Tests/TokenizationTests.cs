namespace Pipeline.Embeddings.Tests;

/// <summary>
/// Where Microsoft.ML.Tokenizers' BertTokenizer differs from Hugging Face's (which the model was trained with),
/// the encoder must follow Hugging Face: line breaks are spaces, and ASCII symbols like '|' are tokens.
/// </summary>
public sealed class TokenizationTests(EmbedderFixture fixture) : IClassFixture<EmbedderFixture>
{
    [Theory]
    [InlineData("x\nPlant", "x Plant")]
    [InlineData("Heading\n\nBody text", "Heading Body text")]
    [InlineData("a\tb\r\nc", "a b c")]
    public void A_line_break_separates_words_like_a_space(string withBreaks, string withSpaces)
    {
        Assert.Equal(fixture.Embedder.CountTokens(withSpaces), fixture.Embedder.CountTokens(withBreaks));
        Assert.Equal(2, fixture.Embedder.CountTokens("x\nplant"));
    }

    [Theory]
    [InlineData("Plant Name | Operator", 4)]
    [InlineData("a+b=c", 5)]
    [InlineData("$100 ~ <tag> ^ `x`", 10)]
    public void Ascii_symbols_are_tokens_of_their_own(string text, int expected)
    {
        Assert.Equal(expected, fixture.Embedder.CountTokens(text));
    }

    [Fact]
    public void Token_counts_add_up_across_lines_and_table_rows()
    {
        string[] lines = ["7 NUCLEAR POWER PLANT OPERATORS", "Plant Name | Operator", "Arkansas Nuclear One, Units 1 & 2 | Entergy Operations, Inc.", "Arnold (Duane) Energy Center | IES Utilities, Inc."];

        Assert.Equal(lines.Sum(fixture.Embedder.CountTokens), fixture.Embedder.CountTokens(string.Join("\n", lines)));
        Assert.Equal(lines.Sum(fixture.Embedder.CountTokens), fixture.Embedder.CountTokens(string.Join("\n\n", lines)));
    }

    [Fact]
    public async Task Text_split_over_lines_embeds_like_the_same_text_on_one_line()
    {
        var result = await fixture.Embedder.EmbedAsync(["The pump must be primed\nbefore the first start.", "The pump must be primed before the first start."], CancellationToken.None);

        for (var i = 0; i < result.Vectors[0].Length; i++)
        {
            Assert.Equal(result.Vectors[1][i], result.Vectors[0][i], 1e-5);
        }
    }
}
