using Pipeline.Core.Redaction;

namespace Pipeline.Core.Tests.Redaction.Detectors;

public sealed class PasswordAssignmentDetectorTests
{
    [Theory]
    [InlineData("password=hunter2", "hunter2")]
    [InlineData("DB_PASSWORD='s3cr3t!pw'", "s3cr3t!pw")]
    [InlineData("\"client_secret\": \"a8f5f167f44f4964e6c998dee827110c\",", "a8f5f167f44f4964e6c998dee827110c")]
    [InlineData("Server=db;User Id=app;Pwd=Tr0ub4dor&3;", "Tr0ub4dor")]
    [InlineData("api_key: sk_live_4eC39HqLyjWDarjtT1zdp7dc", "sk_live_4eC39HqLyjWDarjtT1zdp7dc")]
    [InlineData("apikey = 'with spaces inside'", "with spaces inside")]
    [InlineData("newPassword := \"correct horse\"", "correct horse")]
    [InlineData("access_token=EAACEdEose0cBA.", "EAACEdEose0cBA")]
    [InlineData("Passwort: Sommer2024", "Sommer2024")]
    public void The_value_after_a_credential_key_is_matched_without_its_quotes(string text, string value) =>
        Assert.Equal([value], Found.By(DetectorNames.PasswordAssignment, text));

    [Theory]
    [InlineData("password=********")]
    [InlineData("password: <password>")]
    [InlineData("DB_PASSWORD=${DB_PASSWORD}")]
    [InlineData("token: {{ vault_token }}")]
    [InlineData("secret=%CLIENT_SECRET%")]
    [InlineData("PASSWORD=$PGPASSWORD")]
    [InlineData("password = changeme")]
    [InlineData("api_key: YOUR_API_KEY")]
    [InlineData("token: process.env.GITHUB_TOKEN")]
    [InlineData("password = os.getenv(\"PW\")")]
    [InlineData("PWD=/home/build/work")]
    [InlineData("password=abc12")] // shorter than six characters
    public void Placeholders_references_and_short_values_are_not_passwords(string text) =>
        Assert.Empty(Found.By(DetectorNames.PasswordAssignment, text));

    [Theory]
    [InlineData("Passwords must be rotated: every 90 days.")]
    [InlineData("Secretary: Jane Smith")]
    [InlineData("Tokens: 512 per chunk")]
    public void Prose_about_passwords_is_not_a_password(string text) =>
        Assert.Empty(Found.By(DetectorNames.PasswordAssignment, text));
}
