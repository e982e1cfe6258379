using System.Text.RegularExpressions;

namespace Pipeline.Core.Redaction.Detectors;

/// <summary>
/// The fallback for secrets no format detector knows: a token of at least 24 characters from the base64, base64url
/// or hex alphabets that mixes upper case, lower case and digits and is nearly as varied as a random string of its
/// length, switching between those classes as often as random text does. Words, identifiers, file paths, part numbers and hex digests fail one of those tests: digests (SHA, git
/// commits) are single-case hex and name content rather than unlock anything; a hex secret is normally written as an
/// assignment, which <see cref="PasswordAssignmentDetector"/> finds. Tokens in a format another detector owns
/// (GitHub, Slack, AWS, Atlassian, JWT) are left to it.
/// </summary>
internal sealed class HighEntropyDetector : ISensitiveDataDetector
{
    public const int MinimumLength = 24;

    // A string of n characters carries at most log2(n) bits per character (all different). Random base62/base64
    // strings of 24–64 characters reach over 80% of that in 999 cases of 1000; words and identifiers repeat letters.
    private const double ShareOfMaximumEntropy = 0.8;

    // Random strings switch between lower case, upper case, digits and symbols every 1.6 characters on average;
    // words and chemical or product names ("2-Dibromo-3-chloropropane", "SHA256WithRSAEncryption") run longer.
    private const double MaximumAverageClassRun = 3.0;

    // A letter in a random string sits in a run of one case about 2.4 letters long (weighted by run length); a
    // letter in a token containing a word ("chloropropane", "Microsoft") sits in a run of five or more.
    private const double WordLikeLetterRun = 5.0;

    private static readonly Regex Candidate = DetectorPatterns.Create("[A-Za-z0-9+/_=-]{24,}");

    private static readonly ISensitiveDataDetector[] FormatDetectors =
        [new AwsAccessKeyDetector(), new GitHubTokenDetector(), new SlackTokenDetector(), new AtlassianTokenDetector(), new JwtDetector()];

    public string Name => DetectorNames.HighEntropy;

    public IEnumerable<SensitiveMatch> Find(string text)
    {
        foreach (Match match in Candidate.Matches(text))
        {
            // Trailing '=' is base64 padding and '-' / '_' / '/' at the edges are joins to the words around.
            var token = match.ValueSpan.Trim("+/_-=");
            var start = match.Index + match.ValueSpan.IndexOf(token);
            if (IsSecretLike(token) && !IsOtherFormat(token.ToString()))
            {
                yield return new SensitiveMatch(Name, start, token.Length);
            }
        }
    }

    internal static bool IsSecretLike(ReadOnlySpan<char> token)
    {
        if (token.Length < MinimumLength || !MixesCharacterClasses(token))
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
