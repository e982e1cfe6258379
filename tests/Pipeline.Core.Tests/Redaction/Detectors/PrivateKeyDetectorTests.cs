using Pipeline.Core.Redaction;

namespace Pipeline.Core.Tests.Redaction.Detectors;

public sealed class PrivateKeyDetectorTests
{
    private const string Body = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj\nMzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu\nNMoSfm76oqFvAp8Gy0iz5sxjZmSnXyCdPEovGhLa0VzMaQ8s+CLOyS56YyCFGeJZ\n";

    [Theory]
    [InlineData("")]
    [InlineData("RSA ")]
    [InlineData("EC ")]
    [InlineData("OPENSSH ")]
    [InlineData("ENCRYPTED ")]
    public void The_whole_block_from_begin_to_end_is_the_key(string label)
    {
        var key = $"-----BEGIN {label}PRIVATE KEY-----\n{Body}-----END {label}PRIVATE KEY-----";

        Assert.Equal([key], Found.By(DetectorNames.PrivateKey, $"Here it is:\n{key}\nDo not share."));
    }

    [Fact]
    public void A_key_cut_off_before_its_end_line_runs_to_the_end_of_its_body()
    {
        var text = $"Pasted:\n-----BEGIN RSA PRIVATE KEY-----\n{Body}\nThanks, rotate it please.";

        Assert.Equal([$"-----BEGIN RSA PRIVATE KEY-----\n{Body.TrimEnd()}"], Found.By(DetectorNames.PrivateKey, text));
    }

    [Theory]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----")]
    [InlineData("-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUF\n-----END CERTIFICATE-----")]
    public void Public_keys_and_certificates_are_not_private_keys(string block) =>
        Assert.Empty(Found.By(DetectorNames.PrivateKey, block));
}
