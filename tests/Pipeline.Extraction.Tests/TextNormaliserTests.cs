using Pipeline.Extraction.Pdf;

namespace Pipeline.Extraction.Tests;

public sealed class TextNormaliserTests
{
    [Fact]
    public void Word_hyphenated_at_line_end_is_joined()
    {
        Assert.Equal("for example the text", TextNormaliser.Normalise("for exam-\nple the text"));
    }

    [Fact]
    public void Hyphen_before_a_capitalised_continuation_is_kept()
    {
        // "Lucene-" + "BM25" is a compound broken at its own hyphen, not a word split by the typesetter.
        Assert.Equal("a strong Lucene-BM25 system", TextNormaliser.Normalise("a strong Lucene-\nBM25 system"));
    }

    [Fact]
    public void Dash_after_a_space_is_not_treated_as_hyphenation()
    {
        Assert.Equal("first - second", TextNormaliser.Normalise("first -\nsecond"));
    }

    [Fact]
    public void Soft_hyphen_at_line_end_joins_and_elsewhere_disappears()
    {
        Assert.Equal("information retrieval", TextNormaliser.Normalise("infor\u00ADma\u00AD\ntion re\u00ADtrieval"));
    }

    [Fact]
    public void Lines_of_a_paragraph_are_unfolded_into_spaces()
    {
        Assert.Equal("one two three", TextNormaliser.Normalise("one\ntwo\r\n  three  "));
    }

    [Fact]
    public void Ligatures_are_replaced_by_letters()
    {
        Assert.Equal("efficient offline flow", TextNormaliser.Normalise("e\uFB03cient o\uFB04ine \uFB02ow"));
    }

    [Fact]
    public void Odd_whitespace_is_collapsed_and_invisible_characters_removed()
    {
        Assert.Equal(
            "This is the title",
            TextNormaliser.Normalise("This\u200B \u200Bis\u00A0\u00A0the\u2009\tti\uFEFFtle\u200B"));
    }

    [Fact]
    public void Private_use_bullets_are_removed()
    {
        Assert.Equal("Education", TextNormaliser.Normalise("\uF0B7 Education"));
    }

    [Fact]
    public void Orphaned_accent_is_dropped()
    {
        // The acute was drawn as its own glyph after "Universite"; which letter it belonged to is unknown.
        Assert.Equal("Universite de la Reunion", TextNormaliser.Normalise("Universite \u00B4 de la Reunion"));
    }

    [Fact]
    public void Joiners_needed_by_other_scripts_are_kept()
    {
        Assert.Equal("\u0645\u200C\u0627", TextNormaliser.Normalise("\u0645\u200C\u0627"));
    }
}
