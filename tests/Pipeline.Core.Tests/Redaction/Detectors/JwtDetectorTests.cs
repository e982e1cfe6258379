using System.Text;
using Pipeline.Core.Redaction;

namespace Pipeline.Core.Tests.Redaction.Detectors;

public sealed class JwtDetectorTests
{
    private static string Segment(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static readonly string Payload = Segment("""{"sub":"1234567890","name":"Jane Doe","iat":1516239022}""");

    [Fact]
    public void Three_base64url_segments_whose_header_names_an_algorithm_are_a_jwt()
    {
        var jwt = $"{Segment("""{"alg":"HS256","typ":"JWT"}""")}.{Payload}.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

        Assert.Equal([jwt], Found.By(DetectorNames.Jwt, $"Authorization: Bearer {jwt}."));
    }

    [Fact]
    public void An_unsigned_token_still_exposes_its_claims()
    {
        var jwt = $"{Segment("""{"alg":"none"}""")}.{Payload}.";

        Assert.Equal([jwt], Found.By(DetectorNames.Jwt, $"token {jwt} "));
    }

    [Fact]
    public void A_header_without_an_algorithm_is_not_a_jwt() =>
        Assert.Empty(Found.By(DetectorNames.Jwt, $"{Segment("""{"typ":"JWT","kid":"abc"}""")}.{Payload}.SflKxwRJSMeKKF2QT4fw"));

    [Fact]
    public void A_header_that_is_not_json_is_not_a_jwt() =>
        Assert.Empty(Found.By(DetectorNames.Jwt, $"{Segment("{not json at all, alg}")}.{Payload}.SflKxwRJSMeKKF2QT4fw"));
}
