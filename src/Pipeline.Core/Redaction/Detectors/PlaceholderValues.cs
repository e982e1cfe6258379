using System.Text.RegularExpressions;

namespace Pipeline.Core.Redaction.Detectors;

/// <summary>
/// Values written where a credential would go that are not credentials: masks (<c>********</c>), template and
/// environment references (<c>&lt;password&gt;</c>, <c>${DB_PASSWORD}</c>, <c>{{ token }}</c>, <c>%API_KEY%</c>,
/// <c>$SECRET</c>, <c>process.env.TOKEN</c>) and the stand-ins manuals print (<c>changeme</c>, <c>your_password</c>,
/// <c>example</c>). Flagging them would bury real findings in documentation noise; <c>changeme</c> is included on
/// purpose: it is a published default, not a secret, and a system still using it has a problem redaction cannot fix.
/// </summary>
internal static class PlaceholderValues
{
    private static readonly HashSet<string> StandIns = new(StringComparer.OrdinalIgnoreCase)
    {
        "changeme", "change_me", "change-me", "password", "passwd", "secret", "example", "placeholder", "redacted",
        "removed", "hidden", "masked", "null", "none", "undefined", "notset", "not_set", "empty", "string", "required",
        "optional", "default", "dummy", "sample", "test1234", "xxxxxxxx", "token", "apikey", "api_key",
    };

    // ${X}, {{x}}, <x>, [x], %X%, $X, and dotted or called code references such as settings.Password or getenv("X")
    // (an unquoted value stops at the quote, so a call may appear cut after its parenthesis).
    private static readonly Regex Reference = DetectorPatterns.Create(
        @"^(?:\$\{[^}]*\}|\{\{.*\}\}|\{[^}]*\}|<[^>]*>|\[[^\]]*\]|%[A-Za-z0-9_]+%|\$[A-Za-z_][A-Za-z0-9_]*|\$\([^)]*\)" +
        @"|[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+(?:\(.*)?|[A-Za-z_][A-Za-z0-9_.]*\(.*" +
        // PWD=/home/build is the shell's working directory, not a password.
        @"|~?/[A-Za-z0-9._-]+(?:/[A-Za-z0-9._-]*)*)$");

    // "your_password", "YOUR-API-KEY", "my_secret_token": an instruction to the reader, not a value.
    private static readonly Regex Addressed = DetectorPatterns.Create(
        @"^(?:your|my|the|insert|enter|put)[ _-]?.*(?:pass|secret|key|token|pwd)", ignoreCase: true);

    public static bool IsPlaceholder(ReadOnlySpan<char> value) =>
        IsOneRepeatedCharacter(value)
        || StandIns.GetAlternateLookup<ReadOnlySpan<char>>().Contains(value)
        || Reference.IsMatch(value)
        || Addressed.IsMatch(value);

    private static bool IsOneRepeatedCharacter(ReadOnlySpan<char> value) => !value.ContainsAnyExcept(value[0]);
}
