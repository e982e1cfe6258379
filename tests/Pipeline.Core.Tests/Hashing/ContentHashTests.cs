using Pipeline.Core.Hashing;

namespace Pipeline.Core.Tests.Hashing;

public sealed class ContentHashTests
{
    [Fact]
    public void Part_boundaries_matter()
    {
        Assert.NotEqual(ContentHash.Of(["ab", "c"]), ContentHash.Of(["a", "bc"]));
    }

    [Fact]
    public void The_same_parts_hash_the_same_as_lower_case_hex()
    {
        var hash = ContentHash.Of(["title", "body"]);
        Assert.Equal(hash, ContentHash.Of(["title", "body"]));
        Assert.Matches("^[0-9a-f]{64}$", hash);
    }
}
