using Pipeline.Core.Redaction;

namespace Pipeline.Core.Tests.Redaction.Detectors;

public sealed class AwsAccessKeyDetectorTests
{
    [Theory]
    [InlineData("AKIAIOSFODNN7EXAMPLE")]
    [InlineData("ASIAY34FZKBOKMUTVV7A")]
    [InlineData("ABIA2OGYBAH6STMMNXNN")]
    [InlineData("ACCA5NKG3TCHFVAT3M3Q")]
    public void Each_credential_type_prefix_with_sixteen_characters_is_a_key(string key) =>
        Assert.Equal([key], Found.By(DetectorNames.AwsAccessKey, $"aws_access_key_id = {key}\n"));

    [Theory]
    [InlineData("AKIAIOSFODNN7EXAMPL")] // 15 after the prefix
    [InlineData("AKIAIOSFODNN7EXAMPLE1")] // part of a longer token
    [InlineData("AKIAiosfodnn7example")] // lower case
    [InlineData("AXIAIOSFODNN7EXAMPLE")] // not a credential prefix
    public void Near_misses_are_not_keys(string text) =>
        Assert.Empty(Found.By(DetectorNames.AwsAccessKey, text));
}
