using System.Buffers;

namespace Pipeline.Core.Redaction.Detectors;

/// <summary>
/// The fallback for secrets no format detector knows: a token of 24 to 512 characters from the base64, base64url or
/// hex alphabets that mixes upper case, lower case and digits, is nearly as varied as a random string of its length
/// and switches between those classes as often as random text does. Words, identifiers, file paths, part numbers and
/// hex digests fail one of those tests. Digests (SHA, git commits) are single-case hex and name content rather than
/// unlock anything; a hex secret is normally written as an assignment, which <see cref="PasswordAssignmentDetector"/>
/// finds. Longer runs are encoded payloads (inline images, certificates), not credentials. Tokens in a format another
/// detector owns (GitHub, Slack, AWS, Atlassian, JWT) are left to it.
/// </summary>
internal sealed class HighEntropyDetector : ISensitiveDataDetector
{
    public const int MinimumLength = 24;
    public const int MaximumLength = 512;

    // A string of n characters carries at most log2(n) bits per character (all different). Random base62/base64
    // strings of 24–64 characters reach over 80% of that in 999 cases of 1000; words and identifiers repeat letters.
    private const double ShareOfMaximumEntropy = 0.8;

    // Random strings switch between lower case, upper case, digits and symbols every 1.6 characters on average;
    // words and chemical or product names ("2-Dibromo-3-chloropropane", "SHA256WithRSAEncryption") run longer.
    private const double MaximumAverageClassRun = 3.0;

    // A letter in a random string sits in a run of one case about 2.4 letters long (weighted by run length); a
    // letter in a token containing a word ("chloropropane", "Microsoft") sits in a run of five or more.
    private const double WordLikeLetterRun = 5.0;

    // Runs of these are the candidates, found by a plain scan: a regex over one 5 MB run took 40 seconds even on
    // the non-backtracking engine, a scan takes milliseconds.
    private static readonly SearchValues<char> TokenCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_=-");

    private static readonly ISensitiveDataDetector[] FormatDetectors =
        [new AwsAccessKeyDetector(), new GitHubTokenDetector(), new SlackTokenDetector(), new AtlassianTokenDetector(), new JwtDetector()];

    public string Name => DetectorNames.HighEntropy;

    public IEnumerable<SensitiveMatch> Find(string text)
    {
        var at = 0;
        while (at < text.Length)
        {
            var start = text.AsSpan(at).IndexOfAny(TokenCharacters);
            if (start < 0)
            {
                yield break;
            }
            start += at;
            var length = text.AsSpan(start).IndexOfAnyExcept(TokenCharacters);
            length = length < 0 ? text.Length - start : length;
            at = start + length;
            // Judged without base64 padding; masked whole, padding included, since the padding is part of the value.
            var token = text.AsMemory(start, length);
            if (IsSecretLike(token.Span.TrimEnd('=')) && !IsOtherFormat(token.ToString()))
            {
                yield return new SensitiveMatch(Name, start, length);
            }
        }
    }

    internal static bool IsSecretLike(ReadOnlySpan<char> token)
    {
        if (token.Length is < MinimumLength or > MaximumLength || !MixesCharacterClasses(token))
        {
            return false;
        }
        var maximum = Math.Log2(Math.Min(token.Length, 64));
        return ShannonEntropy.BitsPerCharacter(token) >= ShareOfMaximumEntropy * maximum
            && (double)token.Length / CharacterClassRuns(token) <= MaximumAverageClassRun
            && WeightedLetterRunLength(token) < WordLikeLetterRun;
    }

    /// <summary>The mean length of the same-case letter run a letter belongs to (sum of squares over sum).</summary>
    private static double WeightedLetterRunLength(ReadOnlySpan<char> token)
    {
        long letters = 0, squares = 0;
        var run = 0;
        for (var i = 0; i <= token.Length; i++)
        {
            if (i < token.Length && char.IsAsciiLetter(token[i]) && (run == 0 || ClassOf(token[i]) == ClassOf(token[i - 1])))
            {
                run++;
                continue;
            }
            letters += run;
            squares += (long)run * run;
            run = i < token.Length && char.IsAsciiLetter(token[i]) ? 1 : 0;
        }
        return letters == 0 ? 0 : (double)squares / letters;
    }

    private static int CharacterClassRuns(ReadOnlySpan<char> token)
    {
        var runs = 1;
        for (var i = 1; i < token.Length; i++)
        {
            if (ClassOf(token[i]) != ClassOf(token[i - 1]))
            {
                runs++;
            }
        }
        return runs;
    }

    private static int ClassOf(char c) => c switch
    {
        >= 'a' and <= 'z' => 0,
        >= 'A' and <= 'Z' => 1,
        >= '0' and <= '9' => 2,
        _ => 3,
    };

    private static bool MixesCharacterClasses(ReadOnlySpan<char> token) =>
        token.ContainsAnyInRange('a', 'z') && token.ContainsAnyInRange('A', 'Z') && token.ContainsAnyInRange('0', '9');

    private static bool IsOtherFormat(string token) => FormatDetectors.Any(d => d.Find(token).Any());
}
