using Pipeline.Host.Web;

namespace Pipeline.Host.Tests.Web;

public sealed class LogTextTests
{
    [Theory]
    [InlineData("alice", "alice")]
    [InlineData("eve\r\nforged", @"eve\r\nforged")]
    [InlineData("a\tb\\c", @"a\tb\\c")]
    [InlineData("\u001b[31mred\u2028x\u202e", @"\u001B[31mred\u2028x\u202E")]
    public void Control_characters_are_written_as_escapes(string text, string expected)
    {
        Assert.Equal(expected, LogText.Escape(text));
    }

    [Fact]
    public void Long_input_is_cut()
    {
        Assert.Equal(new string('x', LogText.MaxLength) + "…", LogText.Escape(new string('x', 10_000)));
    }
}
